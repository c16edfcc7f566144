import type { Department, ErrorCode } from '@besoin/shared';
import { getLocale, t, type MessageKey } from '../i18n';
import { formatOpening } from './hours';

/** A failed command as the session keeps it; `timeout` means no ack arrived in time, `download_failed` a failed transcript download. */
export interface SessionError {
  code: ErrorCode | 'timeout' | 'download_failed';
  details?: Record<string, unknown>;
  department?: Department;
}

const DEPARTMENT_KEYS: Record<Department, MessageKey> = {
  technical: 'departmentTechnical',
  billing: 'departmentBilling',
  sales: 'departmentSales',
};

/** The translated name of a department. */
export function departmentLabel(department: Department): string {
  return t(DEPARTMENT_KEYS[department]);
}

/** French (current locale) text for a failed command, shown in the widget's alert. */
export function errorText(error: SessionError): string {
  switch (error.code) {
    case 'invalid_payload':
      return t('ackInvalidPayload');
    case 'rate_limited':
      return t('ackRateLimited');
    case 'department_closed': {
      const department = error.department ? departmentLabel(error.department) : '';
      const date = formatOpening(error.details?.['nextOpeningAt']);
      return date ? t('ackDepartmentClosedUntil', { department, date }) : t('ackDepartmentClosed', { department });
    }
    case 'not_found':
      return t('ackNotFound');
    case 'timeout':
      return t('ackTimeout');
    case 'download_failed':
      return t('transcriptFailed');
    default:
      return t('ackInternal');
  }
}

/** Hour and minute of an ISO instant in the visitor's time zone. */
export function formatTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(getLocale(), { hour: '2-digit', minute: '2-digit' }).format(date);
}
