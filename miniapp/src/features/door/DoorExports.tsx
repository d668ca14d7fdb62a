import { Text, View } from '@tarojs/components'
import { exportReasonProblem, EXPORT_KINDS, type ExportKind } from '@openday/shared'
import { useState } from 'react'
import { errorMessage } from '../../api/request'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Banner } from '../../components/States'
import { CSV_NEEDS_SECOND_TAP, fetchCsv, saveCsv, type CsvFile } from '../../lib/download'
import { IS_H5 } from '../../lib/platform'
import { handleStaffAuthError } from '../staff/guard'

const KINDS = Object.keys(EXPORT_KINDS) as ExportKind[]

/** One file: fetch with the staff token, then save (H5) or forward to a chat (weapp, second tap). */
function useDownload(returnTo: string) {
  const [busy, setBusy] = useState<string>()
  const [ready, setReady] = useState<CsvFile & { key: string }>()
  const [error, setError] = useState<string>()
  const start = async (key: string, path: string, fileName: string) => {
    setBusy(key)
    setError(undefined)
    setReady(undefined)
    try {
      const file = await fetchCsv(path, fileName)
      if (CSV_NEEDS_SECOND_TAP) setReady({ ...file, key })
      else await saveCsv(file)
      return true
    } catch (e) {
      if (!handleStaffAuthError(e, returnTo)) setError(errorMessage(e))
      return false
    } finally {
      setBusy(undefined)
    }
  }
  return { busy, ready, error, start }
}

/**
 * 报名名单 and 签到记录 (masked) for admins and organizers; for admins also 完整导出, which asks
 * for the purpose and warns that it is recorded; and the event's A4 poster (H5: opens for printing).
 */
export function DoorExports({ eventId, title, returnTo }: { eventId: string; title?: string; returnTo: string }) {
  const admin = getStaffProfile()?.role === 'admin'
  const dl = useDownload(returnTo)
  const [fullKind, setFullKind] = useState<ExportKind>()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const base = `/staff/events/${encodeURIComponent(eventId)}`
  const name = title ?? eventId

  const full = async () => {
    const problem = exportReasonProblem(reason)
    if (problem) return setReasonError(problem)
    setReasonError(undefined)
    const ok = await dl.start(`full-${fullKind}`, `${base}/${fullKind}.csv?full=1&reason=${encodeURIComponent(reason.trim())}`, `${EXPORT_KINDS[fullKind!]}-完整-${name}.csv`)
    if (ok) {
      setFullKind(undefined)
      setReason('')
    }
  }
  // H5: the page is saved as an .html file; opened in the browser it prints on A4.
  const poster = () => dl.start('poster', `${base}/poster`, `海报-${name}.html`)

  return (
    <View className="stack" id="door-exports">
      {KINDS.map((k) => (
        <Btn key={k} id={`door-export-${k}`} kind="secondary" loading={dl.busy === k} loadingText="正在导出…" onClick={() => void dl.start(k, `${base}/${k}.csv`, `${EXPORT_KINDS[k]}-${name}.csv`)}>
          导出{EXPORT_KINDS[k]}（脱敏）
        </Btn>
      ))}
      {admin
        ? KINDS.map((k) => (
            <Btn key={`full-${k}`} id={`door-export-full-${k}`} kind="plain" onClick={() => setFullKind(k)}>
              完整导出{EXPORT_KINDS[k]}
            </Btn>
          ))
        : null}
      {fullKind ? (
        <View id="door-export-full-dialog" className="stack">
          <Banner kind="warning" id="door-export-full-warning">
            完整名单含姓名和手机号等个人信息，仅限工作需要使用，不得外传；本次导出的人员、时间和用途将记入审计日志。
          </Banner>
          <TextField id="door-export-reason" label="导出用途" required value={reason} onChange={setReason} maxlength={100} placeholder="如：报送人大联络办核对名单" error={reasonError} />
          <Btn id="door-export-full-confirm" kind="danger" loading={dl.busy === `full-${fullKind}`} loadingText="正在导出…" onClick={() => void full()}>
            确认完整导出{EXPORT_KINDS[fullKind]}
          </Btn>
          <Btn id="door-export-full-cancel" kind="plain" onClick={() => setFullKind(undefined)}>
            取消
          </Btn>
        </View>
      ) : null}
      {dl.ready ? (
        <Btn id="door-export-save" kind="primary" onClick={() => void saveCsv(dl.ready!).catch(() => undefined)}>
          转发到聊天：{dl.ready.fileName}
        </Btn>
      ) : null}
      {IS_H5 ? (
        <Btn id="door-poster" kind="secondary" loading={dl.busy === 'poster'} loadingText="正在生成…" onClick={() => void poster()}>
          下载活动海报（A4，用浏览器打开后打印）
        </Btn>
      ) : (
        <Text className="meta">活动海报（A4）请在电脑上打开网页版的本页面打印。</Text>
      )}
      {dl.error ? <Banner id="door-export-error">{dl.error}</Banner> : null}
    </View>
  )
}
