import { ApiError, NETWORK_MESSAGE } from '../api/request'
import { clientId, getToken } from '../api/session'

export interface CsvFile {
  fileName: string
  filePath: string
}

/** The browser saves the file at once (one tap). */
export const CSV_NEEDS_SECOND_TAP = false
export const CSV_HINT = '文件为UTF-8编码的CSV，可用 Excel 或 WPS 直接打开。'

/** Fetches a staff CSV with the staff token (a plain link could not send it) into a blob URL. */
export async function fetchCsv(path: string, fileName: string): Promise<CsvFile> {
  let res: Response
  try {
    res = await fetch(`${API_BASE}${path}`, { headers: { Authorization: `Bearer ${getToken('staff') ?? ''}`, 'X-Client-Id': clientId() } })
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  }
  if (!res.ok) throw new ApiError(res.status, 'HTTP_ERROR', res.status === 401 ? '登录已过期，请重新登录' : '下载失败，请稍后重试')
  return { fileName, filePath: URL.createObjectURL(await res.blob()) }
}

/** Saves through a temporary <a download>, then frees the blob. */
export async function saveCsv(file: CsvFile): Promise<void> {
  const a = document.createElement('a')
  a.href = file.filePath
  a.download = file.fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(file.filePath), 60_000)
}
