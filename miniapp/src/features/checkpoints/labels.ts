import { CHECKIN_RESULTS, POINT_SCAN_RESULTS } from '@openday/shared'

/** The words for a scan's outcome: the entrance's, and the exit outcomes of 签到点. */
export function scanResultLabel(result: string): string {
  return (CHECKIN_RESULTS as Record<string, string>)[result] ?? (POINT_SCAN_RESULTS as Record<string, string>)[result] ?? '签到结果未知，请重新扫码'
}
