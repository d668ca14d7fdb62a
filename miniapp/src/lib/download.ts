import Taro from '@tarojs/taro'
import { ApiError, NETWORK_MESSAGE } from '../api/request'
import { clientId, getToken } from '../api/session'

/** A staff CSV fetched to the device, ready to be handed on. */
export interface CsvFile {
  fileName: string
  filePath: string
}

/** The mini-program cannot save into a folder: the file is forwarded to a chat (a second tap). */
export const CSV_NEEDS_SECOND_TAP = true
export const CSV_HINT = '下载后点“转发到聊天”，发送到“文件传输助手”，在电脑上用 Excel 或 WPS 打开。'

/** Downloads a staff CSV with the staff token (Taro.downloadFile keeps it in a temporary file). */
export async function fetchCsv(path: string, fileName: string): Promise<CsvFile> {
  let res: { statusCode: number; tempFilePath: string }
  try {
    res = await Taro.downloadFile({ url: `${API_BASE}${path}`, header: { Authorization: `Bearer ${getToken('staff') ?? ''}`, 'X-Client-Id': clientId() } })
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE)
  }
  if (res.statusCode !== 200) throw new ApiError(res.statusCode, 'HTTP_ERROR', res.statusCode === 401 ? '登录已过期，请重新登录' : '下载失败，请稍后重试')
  return { fileName, filePath: res.tempFilePath }
}

/** WeChat's 转发文件: must come from a tap, hence the second button. */
export async function saveCsv(file: CsvFile): Promise<void> {
  await Taro.shareFileMessage({ filePath: file.filePath, fileName: file.fileName })
}
