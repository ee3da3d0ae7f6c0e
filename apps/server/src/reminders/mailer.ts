import nodemailer from 'nodemailer';
import type { ReminderMail } from './mail.js';

/** Sends one mail; resolves once the SMTP server has accepted it for every recipient, else rejects. */
export type Mailer = { send: (mail: ReminderMail) => Promise<void>; close: () => void };

export type MailOptions = { smtpUrl: string; from: string };

/** Mail settings from the environment (docs/operations.md), or undefined when e-mail is not configured. */
export const mailFromEnv = (env: NodeJS.ProcessEnv): MailOptions | undefined => {
  const smtpUrl = env['STEERLOG_SMTP_URL'];
  const from = env['STEERLOG_MAIL_FROM'];
  return smtpUrl && from ? { smtpUrl, from } : undefined;
};

/**
 * An SMTP mailer over `smtp://host:port` (or `smtps://`, with `user:password@` if the relay wants
 * it). A mail counts as sent only when the server accepted it: a refused recipient rejects too.
 */
export const smtpMailer = ({ smtpUrl, from }: MailOptions): Mailer => {
  const transport = nodemailer.createTransport(smtpUrl, {
    from,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    send: async (mail) => {
      const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
      if (info.rejected.length > 0) throw new Error(`the SMTP server refused ${info.rejected.map(String).join(', ')}`);
    },
    close: () => transport.close(),
  };
};
