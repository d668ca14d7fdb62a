import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatDateTime, type EventSummaryDraft, type PostDetail } from '@openday/shared'
import { useState } from 'react'
import { Btn } from '../../components/Btn'
import { Card, Row, Section } from '../../components/Layout'
import { Banner } from '../../components/States'
import { go } from '../../lib/nav'
import { IS_WEAPP } from '../../lib/platform'
import { embedCode, postPageUrl, printUrl } from './links'

interface Props {
  summary: EventSummaryDraft
  /** The post as the publish call answered; absent when the page opened on a published summary. */
  post?: PostDetail
  /** 发布机构 when the post is not at hand: the staff member's own agency. */
  agencyName: string
}

/** A published summary: its 政府信息公开 header, the text, and where it can be read. */
export function PublishedPanel({ summary, post, agencyName }: Props) {
  const [copied, setCopied] = useState<{ id: string; text: string; code?: string }>()
  const postId = summary.postId ?? post?.id ?? ''
  const d = post?.disclosure
  const issuedAt = d?.issuedAt ?? summary.publishedAt

  const copy = async (data: string, id: string, text: string, code?: string) => {
    try {
      await Taro.setClipboardData({ data })
      setCopied({ id, text, code })
    } catch {
      setCopied({ id: 'sum-copy-failed', text: '复制失败，请长按下面的文字手动复制。', code: data })
    }
  }

  const openPrint = () => {
    const url = printUrl(postId)
    if (IS_WEAPP || typeof window === 'undefined') {
      void copy(url, 'sum-print-copied', '打印版链接已复制，请在电脑浏览器中打开并打印。', url)
      return
    }
    window.open(url, '_blank', 'noopener')
  }

  return (
    <View id="sum-published" className="sum-published">
      <Card id="sum-disclosure" className="sum-disclosure">
        <Text className="sum-disclosure__head">政府信息公开</Text>
        <Row label="索引号" id="sum-index-no">
          <Text>{d?.indexNo ?? summary.indexNo ?? '—'}</Text>
        </Row>
        <Row label="发布机构" id="sum-publisher">
          <Text>{d?.publisher ?? post?.agencyName ?? agencyName}</Text>
        </Row>
        <Row label="发文时间" id="sum-issued-at">
          <Text>{issuedAt ? formatDateTime(issuedAt) : '—'}</Text>
        </Row>
        <Row label="公开方式">
          <Text>{d?.method ?? '主动公开'}</Text>
        </Row>
        <Row label="有效性" id="sum-validity">
          <Text>{d?.validity ?? '有效'}</Text>
        </Row>
      </Card>
      <Section title={summary.title}>
        <View id="sum-published-body" className="sum-text">
          {summary.body.split(/\n{2,}/).map((p, i) => (
            <Text key={i} className="sum-text__p">
              {p}
            </Text>
          ))}
        </View>
        {summary.nextSteps ? (
          <View className="sum-text">
            <Text className="sum-text__head">下一步</Text>
            <Text className="sum-text__p">{summary.nextSteps}</Text>
          </View>
        ) : null}
      </Section>
      <View className="btn-grid">
        <Btn id="sum-view-post" kind="primary" disabled={!postId} onClick={() => go(postPageUrl(postId))}>
          查看动态
        </Btn>
        <Btn id="sum-print" kind="secondary" disabled={!postId} onClick={openPrint}>
          {IS_WEAPP ? '复制打印版链接' : '打印版'}
        </Btn>
        <Btn
          id="sum-embed"
          kind="secondary"
          disabled={!postId}
          onClick={() => {
            const code = embedCode(postId, summary.title)
            void copy(code, 'sum-embed-copied', '嵌入代码已复制，可粘贴到政府网站的页面中。', code)
          }}
        >
          复制嵌入代码
        </Btn>
      </View>
      {copied ? (
        <Banner kind={copied.id === 'sum-copy-failed' ? 'warning' : 'success'} id={copied.id}>
          <Text className="banner__line">{copied.text}</Text>
          {copied.code ? (
            <Text className="banner__line sum-code" userSelect>
              {copied.code}
            </Text>
          ) : null}
        </Banner>
      ) : null}
    </View>
  )
}
