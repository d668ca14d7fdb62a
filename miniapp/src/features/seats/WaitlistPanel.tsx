// 候补名单 on 名额与审核 (docs/waitlist.md): how many wait, the offers outstanding, and the list in
// order, masked. Read only: the list moves by itself as seats free up.
import { Text, View } from '@tarojs/components'
import { CATEGORIES, formatDateTime, type Category, type StaffWaitlist } from '@openday/shared'
import { request } from '../../api/request'
import { Card, Section } from '../../components/Layout'
import { Empty, ErrorState, Loading } from '../../components/States'
import { useResource } from '../../lib/useResource'

export function WaitlistPanel({ eventId }: { eventId: string }) {
  const list = useResource(() => request<StaffWaitlist>(`/events/${encodeURIComponent(eventId)}/waitlist`, { auth: 'staff' }), [eventId])
  const d = list.data
  return (
    <Section title="候补名单" id="seats-waitlist">
      <View id="waitlist-list" className="list">
        {list.loading && !d ? (
          <Loading />
        ) : !d ? (
          <ErrorState error={list.error} onRetry={() => void list.reload()} />
        ) : d.entries.length === 0 ? (
          <Empty id="waitlist-empty" text="没有候补的人。公开名额报满后，群众可在活动页加入候补。" />
        ) : (
          <>
            <Text id="waitlist-counts" className="paragraph">
              候补 {d.waiting} 人，待确认 {d.offered} 人。有人取消报名时，名额自动按顺序为候补者保留12小时。
            </Text>
            {d.entries.map((w) => (
              <Card key={w.id} id={`waitlist-${w.id}`}>
                <View className="card__top">
                  <Text className="card__title">
                    {w.position}. {w.nameMasked} · {w.phoneMasked}
                  </Text>
                  <Text className={`status status--${w.status === 'offered' ? 'ok' : 'pending'}`}>{w.status === 'offered' ? '待确认' : '候补中'}</Text>
                </View>
                <Text className="meta">
                  {CATEGORIES[w.category as Category] ?? w.category}
                  {w.offerExpiresAt ? ` · 保留至${formatDateTime(w.offerExpiresAt)}` : ''}
                </Text>
              </Card>
            ))}
          </>
        )}
      </View>
    </Section>
  )
}
