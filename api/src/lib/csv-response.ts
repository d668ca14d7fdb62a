import { formatTime, shanghaiDate, toCsv, type CsvCell } from '@openday/shared'
import type { Context } from 'hono'
import type { AppEnv } from '../env'

/** 2026-03-10 10:00 (Asia/Shanghai): sorts and reads well in a spreadsheet; '' for none. */
export const spreadsheetTime = (iso: string | null) => (iso ? `${shanghaiDate(iso)} ${formatTime(iso)}` : '')

/**
 * A staff download: CSV with BOM (toCsv) for Excel and WPS. `name` in Chinese for the file,
 * `asciiName` for the plain `filename` (headers must be ASCII; RFC 6266 gives both). Never cached.
 */
export function csvResponse(c: Context<AppEnv>, rows: CsvCell[][], name: string, asciiName: string) {
  return c.body(toCsv(rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${asciiName}.csv"; filename*=UTF-8''${encodeURIComponent(name)}.csv`,
    'Cache-Control': 'private, no-store',
  })
}
