import Taro from '@tarojs/taro'
import type { EventDetail } from '@openday/shared'

/**
 * 加入日历 in the mini-program: straight into the phone's calendar (wx.addPhoneCalendar, base
 * library 2.15.0), reminding the day before. Resolves with the message to show, or null when
 * the user closed the system dialog. H5 downloads the event's .ics instead (calendar.h5.ts).
 */
export async function addToCalendar(event: EventDetail): Promise<string | null> {
  try {
    // Callbacks, not the promise: Taro's weapp runtime does not promisify this API.
    await new Promise<void>((resolve, reject) => {
      Taro.addPhoneCalendar({
        title: event.title,
        startTime: Math.floor(Date.parse(event.startAt) / 1000),
        // WeChat takes seconds as a number here too; Taro's type says string.
        endTime: Math.floor(Date.parse(event.endAt) / 1000) as unknown as string,
        location: event.venue,
        description: `主办单位：${event.hostUnit}`,
        alarm: true,
        alarmOffset: 24 * 60 * 60,
        success: () => resolve(),
        fail: (e) => reject(e),
      })
    })
  } catch (e) {
    if (/cancel/i.test((e as { errMsg?: string })?.errMsg ?? '')) return null
    throw new Error('未能加入日历：请在微信设置中允许使用日历后重试')
  }
  return '已加入手机日历，活动前一天会提醒您'
}
