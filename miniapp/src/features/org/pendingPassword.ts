// The one-time password typed on the login page, handed to the 修改初始密码 page in memory only:
// never in the URL or in storage, and taken once.
let pending: string | null = null

export function keepLoginPassword(password: string): void {
  pending = password
}

export function takeLoginPassword(): string {
  const p = pending ?? ''
  pending = null
  return p
}
