// The words and formats live in the contract, so the web, the minutes and the reports agree.
export {
  formatDate,
  formatDateTime,
  formatLongDate,
  formatMoney,
  formatTime,
  formatWhen,
  meetingHours,
  plural,
} from '@steerlog/contract';
