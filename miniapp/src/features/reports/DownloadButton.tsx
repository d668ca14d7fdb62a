import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { Banner } from '../../components/States'
import { CSV_NEEDS_SECOND_TAP, fetchCsv, saveCsv, type CsvFile } from '../../lib/download'
import { handleStaffAuthError } from '../staff/guard'

type FileKind = 'suggestions' | 'evaluation'
const FILE_LABELS: Record<FileKind, string> = { suggestions: '意见建议办理表', evaluation: '测评结果表' }

/** One download: fetch with the staff token, then save (H5) or forward to a chat (weapp, second tap). */
export function DownloadButton({ kind, path, fileName, returnTo }: { kind: FileKind; path: string; fileName: string; returnTo: string }) {
  const [busy, setBusy] = useState(false)
  const [ready, setReady] = useState<CsvFile>()
  const [error, setError] = useState<string>()
  useEffect(() => setReady(undefined), [path])
  const start = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const file = await fetchCsv(path, fileName)
      if (CSV_NEEDS_SECOND_TAP) setReady(file)
      else await saveCsv(file)
    } catch (e) {
      if (!handleStaffAuthError(e, returnTo)) setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="stack">
      {ready ? (
        <Btn id={`report-save-${kind}`} kind="primary" onClick={() => void saveCsv(ready).catch(() => undefined)}>
          转发到聊天：{FILE_LABELS[kind]}
        </Btn>
      ) : (
        <Btn id={`report-download-${kind}`} kind="secondary" loading={busy} loadingText="正在下载…" onClick={() => void start()}>
          下载{FILE_LABELS[kind]}（CSV）
        </Btn>
      )}
      {error ? <Banner id={`report-download-${kind}-error`}>{error}</Banner> : null}
    </View>
  )
}

