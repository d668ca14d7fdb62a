/** Error codes are part of the API contract; messages are what the UI shows. */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '填写的信息有误，请检查后重试',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '未找到相关内容',
  EVENT_FULL: '名额已满，感谢关注',
  ALREADY_REGISTERED: '该手机号已报名本场活动',
  REGISTRATION_CLOSED: '不在报名时间内',
  REGISTRATION_LIMIT: '每个账号最多为5人报名同一场活动',
  NOTICE_TOO_SHORT: '活动开始前须至少提前5个工作日发布预告；如确需发布，请填写说明理由',
  INVALID_STATE: '当前状态下不能执行此操作',
  ALREADY_EVALUATED: '您已提交过测评，感谢参与',
  NOT_CHECKED_IN: '签到后才能参加测评',
  RATE_LIMITED: '提交过于频繁，请稍后再试',
  SMS_TOO_FREQUENT: '验证码发送过于频繁，请1分钟后再试',
  SMS_CODE_INVALID: '验证码错误，请重新输入',
  SMS_CODE_EXPIRED: '验证码已失效，请重新获取',
  SMS_TOO_MANY_ATTEMPTS: '验证码错误次数过多，请重新获取',
  WECHAT_LOGIN_FAILED: '微信登录失败，请重试',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后重试',
  LOGIN_FAILED: '用户名或密码错误',
  ACCOUNT_LOCKED: '登录失败次数过多，账号已临时锁定，请15分钟后再试',
  INTERNAL: '系统繁忙，请稍后重试',
} as const
export type ErrorCode = keyof typeof ERROR_MESSAGES

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; field?: string }
}
