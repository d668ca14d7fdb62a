// The quiet hours' switch for the local end-to-end stack (docs/notifications.md).
const SENDERS = 'api/src/notifications/senders.ts'
const tests = ['test/notifications.test.ts']

export default [
  {
    rule: 'notifications: SMS_QUIET_HOURS=off lets SMS go out at night',
    file: 'api/src/notifications/consumer.ts',
    edits: [['const morning = senders.smsAnyHour ? now : smsAllowedFrom(now)', 'const morning = smsAllowedFrom(now)']],
    pkg: 'api',
    tests,
  },
  {
    rule: 'notifications: only the value off lifts the quiet hours',
    file: SENDERS,
    edits: [["env.SMS_QUIET_HOURS === 'off' ? { smsAnyHour: true } : {}", 'env.SMS_QUIET_HOURS ? { smsAnyHour: true } : {}']],
    pkg: 'api',
    tests,
  },
]
