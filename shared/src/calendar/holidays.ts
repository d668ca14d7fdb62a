/**
 * China's official working-day calendar: public-holiday rest days (放假) and make-up working days
 * (调休上班) per year, as set by the State Council General Office (国务院办公厅) notice
 * "关于20XX年部分节假日安排的通知".
 *
 * Every date is a calendar date in Asia/Shanghai ('YYYY-MM-DD').
 * - `holidays`: every day of each 放假 block, including the Saturdays and Sundays inside a block.
 * - `makeupWorkdays`: weekend days that are working days (调休上班).
 * - `provisional: true` means no official notice was available when the data was written; the year
 *   then lists only the statutory holidays of 《全国年节及纪念日放假办法》 (revised 2024: 元旦 1 day,
 *   春节 4 days = 农历除夕 + 正月初一至初三, 清明 1 day, 劳动节 2 days = 5月1日、2日, 端午 1 day,
 *   中秋 1 day, 国庆 3 days = 10月1日至3日) with NO 调休 days, because those are only known from the
 *   notice and must not be guessed.
 *
 * Maintenance: the notice for the following year is normally published in November (2025's on
 * 2024-11-12, 2026's on 2025-11-04). When it appears, replace the provisional year with its exact
 * dates, set `provisional: false`, and update the tests in shared/test/calendar.test.ts.
 */

export interface HolidayYear {
  year: number
  /** true when the official notice was not available and only statutory holidays are listed. */
  provisional: boolean
  /** Where the dates come from. */
  source: string
  /** 放假 rest days ('YYYY-MM-DD'), including weekend days inside a holiday block. */
  holidays: readonly string[]
  /** 调休 make-up working days ('YYYY-MM-DD'): weekend days that are working days. */
  makeupWorkdays: readonly string[]
}

const Y2025: HolidayYear = {
  year: 2025,
  provisional: false,
  // Text checked against the full notice as released by 新华社 on 2024-11-12 (e.g. the 光明网 reprint
  // https://m.gmw.cn/2024-11/12/content_1303894933.htm).
  source: '国务院办公厅关于2025年部分节假日安排的通知（2024年11月12日）',
  holidays: [
    // 一、元旦：1月1日（周三）放假1天，不调休。
    '2025-01-01',
    // 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-01',
    '2025-02-02',
    '2025-02-03',
    '2025-02-04',
    // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
    '2025-04-04',
    '2025-04-05',
    '2025-04-06',
    // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
    '2025-05-05',
    // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
    '2025-05-31',
    '2025-06-01',
    '2025-06-02',
    // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ],
  makeupWorkdays: [
    '2025-01-26', // 春节：1月26日（周日）上班
    '2025-02-08', // 春节：2月8日（周六）上班
    '2025-04-27', // 劳动节：4月27日（周日）上班
    '2025-09-28', // 国庆节、中秋节：9月28日（周日）上班
    '2025-10-11', // 国庆节、中秋节：10月11日（周六）上班
  ],
}

const Y2026: HolidayYear = {
  year: 2026,
  provisional: false,
  // Text checked against the full notice as released by 新华社 on 2025-11-04 (e.g. the 光明网 reprint
  // https://politics.gmw.cn/2025-11/04/content_38391083.htm).
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
  holidays: [
    // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    // 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  makeupWorkdays: [
    '2026-01-04', // 元旦：1月4日（周日）上班
    '2026-02-14', // 春节：2月14日（周六）上班
    '2026-02-28', // 春节：2月28日（周六）上班
    '2026-05-09', // 劳动节：5月9日（周六）上班
    '2026-09-20', // 国庆节：9月20日（周日）上班
    '2026-10-10', // 国庆节：10月10日（周六）上班
  ],
}

/**
 * PROVISIONAL. No official 国务院办公厅 notice on the 2027 holidays could be found when this was
 * written (searched 2026-11-21). Only the statutory holidays are listed, with their dates worked out
 * from the lunar calendar and solar terms; the real notice will add bridge days and 调休 working days
 * (none are listed here, on purpose). Until it is entered, 2027 results are approximate and
 * `calendarCovers()` returns false for 2027 dates.
 */
const Y2027: HolidayYear = {
  year: 2027,
  provisional: true,
  source:
    'PROVISIONAL: statutory holidays only, per 《全国年节及纪念日放假办法》 (revised 2024); ' +
    'official notice 国务院办公厅关于2027年部分节假日安排的通知 not yet available; no 调休 days',
  holidays: [
    '2027-01-01', // 元旦 (Fri)
    '2027-02-05', // 春节: 农历除夕 (Fri)
    '2027-02-06', // 春节: 正月初一 (Sat); new moon 2027-02-06 23:56 Beijing time
    '2027-02-07', // 春节: 正月初二 (Sun)
    '2027-02-08', // 春节: 正月初三 (Mon)
    '2027-04-05', // 清明节 (Mon; the solar term falls on 4月5日 Beijing time)
    '2027-05-01', // 劳动节 (Sat)
    '2027-05-02', // 劳动节 (Sun)
    '2027-06-09', // 端午节: 五月初五 (Wed)
    '2027-09-15', // 中秋节: 八月十五 (Wed)
    '2027-10-01', // 国庆节 (Fri)
    '2027-10-02', // 国庆节 (Sat)
    '2027-10-03', // 国庆节 (Sun)
  ],
  makeupWorkdays: [],
}

/** Holiday data by year. Years not listed here fall back to Monday–Friday. */
export const HOLIDAY_CALENDAR: Readonly<Record<number, HolidayYear>> = {
  2025: Y2025,
  2026: Y2026,
  2027: Y2027,
}
