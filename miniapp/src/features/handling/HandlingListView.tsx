import { Text, View } from '@tarojs/components'
import {
  ROLE_LABELS,
  SUGGESTION_READER_ROLES,
  SUGGESTION_STATUS_LIST,
  SUGGESTION_STATUSES,
  ERROR_MESSAGES,
  type StaffSuggestionItem,
  type StaffSuggestionQuery,
  type SuggestionStatus,
} from '@openday/shared'
import { useEffect, useState } from 'react'
import { listStaffEvents } from '../../api/events'
import { listDepartments, listStaffSuggestions } from '../../api/handling'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { TextField } from '../../components/Fields'
import { Card, LinkText, Screen, Title } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { go, pageUrl } from '../../lib/nav'
import { useRefreshOnShow } from '../../lib/useRefreshOnShow'
import { useResource } from '../../lib/useResource'
import { handleStaffAuthError, useStaffGuard } from '../staff/guard'
import { dateTime, excerpt } from './format'
import './handling.css'

const SELF = pageUrl('staffSuggestions')
const ALL = 'all'

interface Filters {
  eventId: string
  status: SuggestionStatus | typeof ALL
  departmentId: string
  due: 'any' | 'overdue' | 'dueSoon'
  q: string
  page: number
}

const START: Filters = { eventId: ALL, status: ALL, departmentId: ALL, due: 'any', q: '', page: 1 }

/** The query the API is asked, from what is picked on screen. */
export function toQuery(f: Filters): StaffSuggestionQuery {
  return {
    eventId: f.eventId === ALL ? undefined : f.eventId,
    status: f.status === ALL ? undefined : f.status,
    departmentId: f.departmentId === ALL ? undefined : f.departmentId,
    overdue: f.due === 'overdue' ? '1' : undefined,
    dueSoon: f.due === 'dueSoon' ? '1' : undefined,
    q: f.q.trim() || undefined,
    page: f.page > 1 ? String(f.page) : undefined,
  }
}

function SuggestionLine({ item }: { item: StaffSuggestionItem }) {
  return (
    <Card id={`hd-item-${item.id}`} className="card--tap" onClick={() => go(pageUrl('staffSuggestion', { id: item.id }))}>
      <View className="card__top">
        <Text className="card__title">{item.topic ? item.topic : excerpt(item.content, 30)}</Text>
        <Text className={`status status--${item.status}`}>{item.statusLabel}</Text>
      </View>
      {item.topic ? <Text className="meta">{excerpt(item.content)}</Text> : null}
      <Text className="meta">活动：{item.eventTitle}</Text>
      <Text className="meta">承办部门：{item.departmentName ?? '未转办'}</Text>
      {item.dueAt ? (
        <Text id={`hd-item-${item.id}-due`} className={`meta${item.overdue ? ' hd-overdue' : ''}`}>
          办理期限：{dateTime(item.dueAt)}
          {item.overdue ? '（已逾期）' : ''}
        </Text>
      ) : null}
      <Text className="meta">联系方式：{item.anonymous ? '匿名' : item.contactMasked ?? '未留'}</Text>
    </Card>
  )
}

/** 意见办理: the suggestions the staff member may handle, by deadline, with filters and paging. */
export function HandlingListView() {
  const ok = useStaffGuard(SELF)
  const profile = getStaffProfile()
  const reader = profile ? SUGGESTION_READER_ROLES.includes(profile.role) : false
  const [filters, setFilters] = useState<Filters>(START)
  const [search, setSearch] = useState('')
  const live = ok && reader
  const res = useResource(() => (live ? listStaffSuggestions(toQuery(filters)) : Promise.resolve(undefined)), [live, filters])
  const events = useResource(() => (live ? listStaffEvents() : Promise.resolve([])), [live])
  const departments = useResource(() => (live ? listDepartments() : Promise.resolve([])), [live])
  useRefreshOnShow(res, live)
  useEffect(() => {
    if (res.error) handleStaffAuthError(res.error, SELF)
  }, [res.error])

  const pick = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, page: 1, ...patch }))

  if (!ok) return <Loading text="请先登录…" />
  if (!reader) {
    return (
      <Screen>
        <Banner id="hd-forbidden">{ERROR_MESSAGES.FORBIDDEN}：意见办理仅对管理员、活动组织者和承办人开放。</Banner>
      </Screen>
    )
  }

  const data = res.data
  const counts = data?.counts
  const total = counts ? SUGGESTION_STATUS_LIST.reduce((n, s) => n + counts[s], 0) : undefined
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1
  const statusOptions: { value: Filters['status']; label: string }[] = [
    { value: ALL, label: `全部${total === undefined ? '' : ` ${total}`}` },
    ...SUGGESTION_STATUS_LIST.map((s) => ({ value: s, label: `${SUGGESTION_STATUSES[s]}${counts ? ` ${counts[s]}` : ''}` })),
  ]

  return (
    <Screen className="hd">
      <Title sub={profile ? `${profile.displayName} · ${profile.agencyName} · ${ROLE_LABELS[profile.role]}` : undefined}>意见办理</Title>
      <View className="quick-nav">
        <LinkText id="hd-inbox" onClick={() => go(pageUrl('staffInbox'))}>
          待办与提醒
        </LinkText>
      </View>
      <View className="hd-columns">
        <View className="hd-filters">
          <ChoiceGroup id="hd-status" label="状态" columns={3} options={statusOptions} value={filters.status} onChange={(v) => pick({ status: v })} />
          <ChoiceGroup
            id="hd-due"
            label="办理期限"
            columns={3}
            options={[
              { value: 'any', label: '不限期限' },
              { value: 'overdue', label: '已逾期' },
              { value: 'dueSoon', label: '一个工作日内到期' },
            ]}
            value={filters.due}
            onChange={(v) => pick({ due: v as Filters['due'] })}
          />
          <View className="hd-search">
            <TextField id="hd-q" label="搜索主题或内容" value={search} onChange={setSearch} onConfirm={() => pick({ q: search })} maxlength={40} />
            <Btn id="hd-search" size="small" kind="secondary" onClick={() => pick({ q: search })}>
              搜索
            </Btn>
          </View>
          {events.data && events.data.length > 0 ? (
            <ChoiceGroup
              id="hd-event"
              label="活动"
              columns={1}
              options={[{ value: ALL, label: '全部活动' }, ...events.data.map((e) => ({ value: e.id, label: e.title }))]}
              value={filters.eventId}
              onChange={(v) => pick({ eventId: v })}
            />
          ) : null}
          {departments.data && departments.data.length > 0 ? (
            <ChoiceGroup
              id="hd-dept"
              label="承办部门"
              options={[{ value: ALL, label: '全部部门' }, ...departments.data.map((d) => ({ value: d.id, label: d.name }))]}
              value={filters.departmentId}
              onChange={(v) => pick({ departmentId: v })}
            />
          ) : null}
        </View>
        <View id="hd-list" className="list hd-main">
          {res.loading && !data ? (
            <Loading />
          ) : !data ? (
            <ErrorState id="hd-error" error={res.error} onRetry={() => void res.reload()} />
          ) : (
            <View>
              {res.error ? <Banner kind="warning">刷新失败，显示的是上次结果</Banner> : null}
              <Text id="hd-total" className="meta">
                共 {data.total} 条，按办理期限排序
              </Text>
              {data.items.length === 0 ? (
                <Empty id="hd-empty" text="没有符合条件的意见建议" />
              ) : (
                data.items.map((item) => <SuggestionLine key={item.id} item={item} />)
              )}
              {pages > 1 ? (
                <View className="hd-pager">
                  <Btn id="hd-prev" size="small" kind="secondary" disabled={filters.page <= 1} onClick={() => setFilters((f) => ({ ...f, page: f.page - 1 }))}>
                    上一页
                  </Btn>
                  <Text id="hd-page" className="meta hd-pager__label">
                    第 {data.page} / {pages} 页
                  </Text>
                  <Btn id="hd-next" size="small" kind="secondary" disabled={filters.page >= pages} onClick={() => setFilters((f) => ({ ...f, page: f.page + 1 }))}>
                    下一页
                  </Btn>
                </View>
              ) : null}
            </View>
          )}
        </View>
      </View>
      <View className="footer">
        <LinkText id="hd-events" kind="quiet" onClick={() => go(pageUrl('staffEvents'))}>
          活动管理
        </LinkText>
      </View>
    </Screen>
  )
}
