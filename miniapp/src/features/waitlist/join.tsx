// 加入候补 (docs/waitlist.md): the sign-up form's waitlist mode, in a chunk of its own that the
// register page loads only for ?waitlist=1 (the sign-up's first load stays within its budget).
import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { OFFER_HOURS, waitlistPlaceText } from '@openday/shared'
import { joinWaitlist } from '../../api/waitlist'
import { Banner } from '../../components/States'
import { pageUrl, replace } from '../../lib/nav'
import type { FormMode } from '../registration/RegisterForm'

export const waitlistMode = (eventId: string): FormMode => ({
  title: '加入候补',
  note: (
    <Banner kind="info" id="reg-waitlist">
      <Text>名额已满。加入候补后，有人取消时将按顺序为您保留名额{OFFER_HOURS}小时，并通过短信或微信通知您确认。</Text>
    </Banner>
  ),
  submit: async ({ name, phone, category, organization, consent }) => {
    const entry = await joinWaitlist(eventId, { name, phone, category, organization, consent })
    Taro.showToast({ title: `已加入，${waitlistPlaceText(entry.place ?? 1)}`, icon: 'none', duration: 3000 }).catch(() => undefined)
    // 我的报名 fetches the list again, and caches the place for the event page.
    replace(pageUrl('my'))
  },
})
