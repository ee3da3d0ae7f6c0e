import { formatDate } from '../format.js';
import { RagBadge } from '../rag.js';
import { EvidenceList } from './evidence-list.js';
import { CommandForm } from './forms/command-form.js';
import { specOf } from './forms/specs.js';
import { PartnerActions, PartnerPeople, RoundReportForm } from './partner-round.js';
import type { Workspace } from './workspace.js';

/**
 * A partner lead's page: their organisation's highlight report in the West Yorkshire format
 * (lead, date, overall RAG previous and current, summary, successes, current challenges, upcoming
 * milestones), their own RAG, training delivered and self-assessments. Every form is fixed to
 * their own organisation; the server refuses anything else with a 403 all the same.
 */
export const PartnerPage = ({ ws }: { ws: Workspace }) => {
  const partnerId = ws.who.partnerId ?? '';
  const partner = ws.view.partners.find((p) => p.partnerId === partnerId);
  if (!partner)
    return (
      <p className="alert">
        Your token is for the partner “{partnerId}”, which is not in this programme. Ask the coordinator to check it.
      </p>
    );
  const fixed = { partnerId };
  const fixedText = { partnerId: partner.name, subject: partner.name };
  const common = { ctx: ws.ctx, programmeId: ws.programmeId, outbox: ws.outbox, headingLevel: 3 as const };
  const report = partner.lastReport;
  return (
    <>
      <h2 className="page-title">Our report: {partner.name}</h2>
      <section className="report-card" aria-labelledby="rag-now">
        <h3 id="rag-now">Overall RAG</h3>
        <p>
          Previous: <RagBadge rag={partner.rag?.previous ?? null} size="small" /> Current:{' '}
          <RagBadge rag={partner.rag?.current ?? null} size="small" />
          {partner.rag && (
            <span className="meta">
              {' '}
              since {formatDate(partner.rag.changedOn)}: {partner.rag.reason}
            </span>
          )}
        </p>
        <p className="meta">
          Last highlight report: {report ? `${formatDate(report.reportedOn)}, lead ${report.lead}` : 'none yet'}.
        </p>
        {report && <EvidenceList ws={ws} ids={report.evidenceIds} />}
      </section>
      <div className="partner-grid">
        <RoundReportForm ws={ws} partner={partner} />
        <div>
          <PartnerActions ws={ws} partner={partner} />
          <PartnerPeople ws={ws} partnerId={partnerId} />
          <CommandForm
            {...common}
            spec={specOf('ChangeRag')}
            formId="partner-rag"
            title="Change our RAG"
            fixed={{ subject: `partner:${partnerId}` }}
            fixedText={fixedText}
          />
          <CommandForm
            {...common}
            spec={specOf('RecordTraining')}
            formId="partner-training"
            fixed={fixed}
            fixedText={fixedText}
          />
          <CommandForm
            {...common}
            spec={specOf('AssessMaturity')}
            formId="partner-maturity"
            fixed={fixed}
            fixedText={fixedText}
          />
        </div>
      </div>
    </>
  );
};
