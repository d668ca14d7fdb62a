/** 张三 → 张*, 欧阳娜娜 → 欧***: keeps the surname initial only. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1))
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return phone.slice(0, 3) + '****' + phone.slice(-4)
}

// Phone and ID numbers inside free text (a suggestion, an answer) before it is published. The
// look-arounds keep longer digit runs (order numbers, other ids) untouched.
const ID_NUMBER_IN_TEXT = /(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9A-Za-z])/g
const MOBILE_IN_TEXT = /(?<![\d+])((?:\+?86[ -]?)?)(1[3-9]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)/g

/**
 * 13812345678 → 138****5678 (also +86 138 1234 5678), 18-digit 身份证号 → 110***********123X,
 * anywhere in the text. Names and addresses cannot be found reliably: those stay with the
 * consent and the staff member who publishes.
 */
export function maskPersonalInfo(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, '$1***********$2').replace(MOBILE_IN_TEXT, '$1$2****$3')
}
