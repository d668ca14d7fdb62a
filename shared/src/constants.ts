/** Who may sign up, with the labels used in the source documents. */
export const CATEGORIES = {
  citizen: '市民代表',
  employee: '职工代表',
  community_worker: '社区工作者',
  npc_deputy: '人大代表',
  cppcc_member: '政协委员',
  civil_servant: '机关事业单位干部',
  enterprise: '企业代表',
  media: '新闻媒体',
  student: '学生/学校',
  other: '其他',
} as const
export type Category = keyof typeof CATEGORIES
export const CATEGORY_CODES = Object.keys(CATEGORIES) as [Category, ...Category[]]

/** The six aspects of the 无记名测评 (anonymous evaluation). */
export const SCORE_DIMENSIONS = {
  measures: '监管措施',
  results: '监管成效',
  procedures: '办事程序',
  service: '服务质量',
  conduct: '工作作风',
  integrity: '廉政纪律',
} as const
export type ScoreDimension = keyof typeof SCORE_DIMENSIONS
export const SCORE_DIMENSION_CODES = Object.keys(SCORE_DIMENSIONS) as [ScoreDimension, ...ScoreDimension[]]

/** 政务服务"好差评" scale: 5 = 非常满意 ... 1 = 非常不满意. */
export const SATISFACTION_LABELS: Record<1 | 2 | 3 | 4 | 5, string> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
}

/** Averages are hidden below this many responses so that no single answer can be read off. */
export const EVALUATION_MIN_RESPONSES = 5

export const STAFF_ROLES = ['admin', 'organizer', 'handler', 'checker'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
export const ROLE_LABELS: Record<StaffRole, string> = { admin: '管理员', organizer: '活动组织者', handler: '承办人', checker: '签到核验员' }
/** Roles that may create, edit and publish events. */
export const ORGANISER_ROLES: readonly StaffRole[] = ['admin', 'organizer']

export const EVENT_STATUS_LABELS = { draft: '草稿', published: '已发布', cancelled: '已取消' } as const

export const CHECKIN_RESULTS = {
  checked_in: '签到成功',
  already_checked_in: '已签到过',
  wrong_event: '非本场活动',
  cancelled: '报名或活动已取消',
  pending_approval: '待审核',
  invalid: '无效票据',
  not_open: '未到签到时间',
  ended: '活动已结束',
} as const
export type CheckinResult = keyof typeof CHECKIN_RESULTS
/** What the door says under an outcome's label, where the label alone does not say what to do. */
export const CHECKIN_RESULT_HINTS: Partial<Record<CheckinResult, string>> = {
  pending_approval: '报名尚未通过审核，请联系工作人员',
}

/** One account may sign up at most this many people (active registrations) for one event. */
export const MAX_REGISTRATIONS_PER_ACCOUNT = 5

/** Check-in opens this long before the event starts and closes when it ends. */
export const CHECKIN_OPENS_BEFORE_MS = 2 * 60 * 60 * 1000

/** The notice (活动预告) must go out at least this many working days before the event. */
export const NOTICE_WORKING_DAYS = 5


export const SMS_CODE_TTL_SECONDS = 300
export const SMS_CODE_MAX_ATTEMPTS = 5
export const SMS_RESEND_SECONDS = 60

export const CONSENT_TEXT =
  '我同意主办单位收集我的姓名、手机号码、身份类别和工作单位，仅用于本次开放日活动的报名核验、入场签到和活动通知；' +
  '信息在活动结束后按规定期限保存，不向第三方提供。我可以随时在“我的报名”中取消报名。'

/** Participant tokens live a week; the app renews them once they are a day old. */
export const PARTICIPANT_TOKEN_TTL_S = 7 * 24 * 3600
export const PARTICIPANT_TOKEN_RENEW_AFTER_S = 24 * 3600
export const STAFF_TOKEN_TTL_S = 12 * 3600

/** 关注: what a person can follow (shared/src/follows.ts). */
export const FOLLOW_KINDS = { agency: '单位', event: '活动', suggestion: '意见' } as const
export type FollowKind = keyof typeof FOLLOW_KINDS
export const FOLLOW_KIND_CODES = Object.keys(FOLLOW_KINDS) as [FollowKind, ...FollowKind[]]

/** 活动总结: lengths of the edited fields (summary-input.ts). */
export const SUMMARY_TITLE_MAX = 100
export const SUMMARY_BODY_MAX = 15_000
export const SUMMARY_NEXT_STEPS_MAX = 2_000
