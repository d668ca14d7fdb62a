// Printable posters (issue 8 part 6, docs/door.md): per event and per check-in point, with the
// title, time and place, the 小程序码 from the fake WeChat and the H5 QR code; still printable
// with the H5 code and a note when WeChat fails; escaped; staff of the event's agency only.
import { env, SELF } from 'cloudflare:test'
import { formatDateTime, h5PagePath } from '@openday/shared'
import { describe, expect, it } from 'vitest'
import { WXACODE_MISSING_NOTE } from '../src/exports/posters'
import { createAgency, createParticipant, createPublishedEvent, createStaff } from './support/fixtures'
import { FAKE_PNG_BASE64 } from './support/fake-wechat-data'
import { PATHS, programNext } from './support/wechat'

async function poster(path: string, token?: string) {
  const res = await SELF.fetch(`http://openday.test/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  return { status: res.status, headers: res.headers, html: await res.text() }
}

async function seeded() {
  const agency = await createAgency()
  const checker = await createStaff(agency.id, 'checker')
  const event = await createPublishedEvent(agency.id, {
    title: '走进检测实验室 <守护> “舌尖上的安全”',
    venue: '原州区检测中心三楼',
    startAt: '2026-03-20T01:00:00.000Z',
    endAt: '2026-03-20T04:00:00.000Z',
  })
  const cp = `cp${crypto.randomUUID().replace(/-/g, '').slice(0, 18)}`
  await env.DB.prepare(`INSERT INTO checkpoints (id, event_id, name, description, position, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5)`)
    .bind(cp, event.id, '气相色谱仪', '气相色谱仪用于检测蔬菜中的农药残留。', '2026-03-01T00:00:00.000Z')
    .run()
  return { agency, checker, event, cp }
}

const qrCount = (html: string) => (html.match(/<svg [^>]*role="img" aria-label="H5 二维码"/g) ?? []).length

describe('posters', () => {
  it('an event: title (escaped), time, place, the 小程序码 and the H5 QR; print CSS; its own CSP', async () => {
    const { checker, event } = await seeded()
    const res = await poster(`/staff/events/${event.id}/poster`, checker.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toContain("img-src data:")
    expect(res.headers.get('content-security-policy')).not.toContain('script-src')
    expect(res.html).toContain('<h1 id="poster-title">走进检测实验室 &lt;守护&gt; “舌尖上的安全”</h1>')
    expect(res.html).not.toContain('<守护>')
    expect(res.html).toContain(`时间：${formatDateTime('2026-03-20T01:00:00.000Z')} 至 ${formatDateTime('2026-03-20T04:00:00.000Z')}`)
    expect(res.html).toContain('地点：原州区检测中心三楼')
    expect(res.html).toContain(`<img id="wxacode" src="data:image/png;base64,${FAKE_PNG_BASE64}" alt="小程序码">`)
    expect(qrCount(res.html)).toBe(1)
    expect(res.html).toContain(`http://openday.test/#/pages/event/index?id=${event.id}`)
    expect(res.html).toContain('@page { size: A4 portrait')
    expect(res.html).not.toContain(WXACODE_MISSING_NOTE)
  })

  it('a point: its name and text, how self check-in works, codes that open the event (a printed code cannot check in)', async () => {
    const { checker, event, cp } = await seeded()
    const res = await poster(`/staff/events/${event.id}/checkpoints/${cp}/poster`, checker.token)
    expect(res.status).toBe(200)
    expect(res.html).toContain('<p class="point" id="poster-point">气相色谱仪</p>')
    expect(res.html).toContain('气相色谱仪用于检测蔬菜中的农药残留。')
    expect(res.html).toContain('请扫描工作人员屏幕上每30秒更换的签到码完成签到')
    expect(res.html).toContain('地点：原州区检测中心三楼')
    expect(res.html).toContain('<img id="wxacode" src="data:image/png;base64,')
    expect(res.html).toContain(`http://openday.test${h5PagePath('event', event.id)}`)
    expect(qrCount(res.html)).toBe(1)
  })

  it('WeChat failing or not configured: still printable, with the H5 QR and a note', async () => {
    const { checker, event, cp } = await seeded()
    await programNext(PATHS.wxacode, { errcode: -1 })
    const busy = await poster(`/staff/events/${event.id}/poster`, checker.token)
    expect(busy.status).toBe(200)
    expect(busy.html).toContain(`<p id="wxacode-missing" class="missing">${WXACODE_MISSING_NOTE}</p>`)
    expect(busy.html).not.toContain('id="wxacode"')
    expect(qrCount(busy.html)).toBe(1)
    await programNext(PATHS.wxacode, { status: 500, body: 'down' })
    const down = await poster(`/staff/events/${event.id}/checkpoints/${cp}/poster`, checker.token)
    expect(down.status).toBe(200)
    expect(down.html).toContain(WXACODE_MISSING_NOTE)
    expect(qrCount(down.html)).toBe(1)
  })

  it('staff of the event’s agency only; an unknown point or another event’s is 404; a draft is refused', async () => {
    const { agency, event, cp } = await seeded()
    const other = await createPublishedEvent(agency.id)
    const admin = await createStaff(agency.id, 'admin')
    const stranger = await createStaff((await createAgency()).id, 'admin')
    for (const path of [`/staff/events/${event.id}/poster`, `/staff/events/${event.id}/checkpoints/${cp}/poster`]) {
      expect((await poster(path)).status, path).toBe(401)
      expect((await poster(path, (await createParticipant()).token)).status, path).toBe(403)
      expect((await poster(path, stranger.token)).status, path).toBe(403)
    }
    expect((await poster(`/staff/events/${other.id}/checkpoints/${cp}/poster`, admin.token)).status).toBe(404)
    expect((await poster(`/staff/events/${event.id}/checkpoints/nope/poster`, admin.token)).status).toBe(404)
    expect((await poster(`/staff/events/nope/poster`, admin.token)).status).toBe(404)
    await env.DB.prepare(`UPDATE events SET status = 'draft' WHERE id = ?1`).bind(other.id).run()
    expect((await poster(`/staff/events/${other.id}/poster`, admin.token)).status).toBe(409)
  })
})
