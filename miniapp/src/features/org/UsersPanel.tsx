import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROLE_LABELS, STAFF_ROLES, staffAccountCreateSchema, type Department, type StaffAccount, type StaffRole } from '@openday/shared'
import { useState } from 'react'
import { createStaffUser, patchStaffUser, resetStaffPassword } from '../../api/org'
import { ApiError, errorMessage } from '../../api/request'
import { getStaffProfile } from '../../api/session'
import { Btn } from '../../components/Btn'
import { ChoiceGroup } from '../../components/Choice'
import { TextField } from '../../components/Fields'
import { Card, Section } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { fieldErrors, type FieldErrors } from '../../lib/form'
import type { Resource } from '../../lib/useResource'
import { OneTimePasswordBox, type IssuedPassword } from './OneTimePasswordBox'

interface Props {
  users: Resource<StaffAccount[]>
  departments: Resource<Department[]>
  onAuthError: (e: unknown) => boolean
}

const ROLE_OPTIONS = STAFF_ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))
const deptOptions = (departments: Department[] | undefined) =>
  (departments ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))

/** Role and, for 承办人, the department: shared by the new-account form and the editor. */
function RoleFields(p: {
  id: string
  role: StaffRole | undefined
  onRole: (r: StaffRole) => void
  departmentId: string | undefined
  onDepartment: (id: string) => void
  departments: Department[] | undefined
  errors: FieldErrors
}) {
  const options = deptOptions(p.departments)
  return (
    <>
      <ChoiceGroup id={`${p.id}-role`} label="角色" options={ROLE_OPTIONS} value={p.role} onChange={p.onRole} error={p.errors.role} />
      {p.errors.role ? <Text className="field__error">{p.errors.role}</Text> : null}
      {p.role === 'handler' ? (
        options.length === 0 ? (
          <Banner kind="warning" id={`${p.id}-no-dept`}>
            承办人须属于一个承办部门，请先在“承办部门”中添加部门。
          </Banner>
        ) : (
          <>
            <ChoiceGroup
              id={`${p.id}-dept`}
              label="承办部门"
              options={options}
              value={p.departmentId}
              onChange={p.onDepartment}
              columns={1}
              error={p.errors.departmentId}
            />
            {p.errors.departmentId ? <Text className="field__error">{p.errors.departmentId}</Text> : null}
          </>
        )
      ) : null}
    </>
  )
}

function UserCard(p: {
  user: StaffAccount
  departments: Department[] | undefined
  onChanged: () => void
  onIssued: (i: IssuedPassword) => void
  onAuthError: Props['onAuthError']
}) {
  const { user } = p
  const me = getStaffProfile()?.id === user.id
  const [editing, setEditing] = useState(false)
  const [role, setRole] = useState<StaffRole>(user.role)
  const [departmentId, setDepartmentId] = useState<string | undefined>(user.departmentId ?? undefined)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const run = async (action: () => Promise<void>) => {
    setError(undefined)
    setBusy(true)
    try {
      await action()
    } catch (e) {
      if (p.onAuthError(e)) return
      if (e instanceof ApiError && e.field === 'departmentId') setErrors({ departmentId: e.message })
      else setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const saveRole = () => {
    if (role === 'handler' && !departmentId) return setErrors({ departmentId: '承办人须属于一个承办部门' })
    setErrors({})
    // Only handlers belong to a department here; only what changed is sent (a change ends the account's sessions).
    const dept = role === 'handler' ? (departmentId ?? null) : null
    const body: { role?: StaffRole; departmentId?: string | null } = {}
    if (role !== user.role) body.role = role
    if (dept !== user.departmentId) body.departmentId = dept
    if (Object.keys(body).length === 0) return setEditing(false)
    void run(async () => {
      await patchStaffUser(user.id, body)
      setEditing(false)
      p.onChanged()
    })
  }

  const toggle = async () => {
    const r = await Taro.showModal({
      title: user.active ? '停用账号' : '启用账号',
      content: user.active
        ? `确定停用${user.displayName}（${user.username}）的账号吗？停用后该账号立即退出登录，不能再登录。`
        : `确定重新启用${user.displayName}（${user.username}）的账号吗？`,
      confirmText: user.active ? '停用' : '启用',
      cancelText: '取消',
    })
    if (!r.confirm) return
    void run(async () => {
      await patchStaffUser(user.id, { active: !user.active })
      p.onChanged()
    })
  }

  const reset = async () => {
    const r = await Taro.showModal({
      title: '重置密码',
      content: `确定重置${user.displayName}（${user.username}）的密码吗？原密码和所有登录将立即失效，并生成一个新的一次性密码。`,
      confirmText: '重置',
      cancelText: '取消',
    })
    if (!r.confirm) return
    void run(async () => {
      const res = await resetStaffPassword(user.id)
      p.onIssued({ username: res.user.username, displayName: res.user.displayName, password: res.oneTimePassword, reason: 'reset' })
      p.onChanged()
    })
  }

  return (
    <Card id={`user-${user.id}`}>
      <View className="card__top">
        <Text className="card__title">
          {user.displayName}
          {me ? '（本人）' : ''}
        </Text>
      </View>
      <Text className="meta">用户名：{user.username}</Text>
      <Text className="meta">
        角色：{ROLE_LABELS[user.role]}
        {user.departmentName ? ` · ${user.departmentName}` : ''}
      </Text>
      <View>
        <Text className={`badge ${user.active ? 'badge--on' : 'badge--off'}`}>{user.active ? '启用' : '已停用'}</Text>
        {user.mustChangePassword ? <Text className="badge badge--warn">待修改初始密码</Text> : null}
      </View>
      {error ? (
        <View className="inline-form">
          <Banner id={`user-${user.id}-error`}>{error}</Banner>
        </View>
      ) : null}
      {editing ? (
        <View className="inline-form">
          <RoleFields
            id={`user-${user.id}-edit`}
            role={role}
            onRole={setRole}
            departmentId={departmentId}
            onDepartment={setDepartmentId}
            departments={p.departments}
            errors={errors}
          />
          <View className="btn-grid">
            <Btn id={`user-${user.id}-save`} size="small" loading={busy} onClick={saveRole}>
              保存
            </Btn>
            <Btn
              id={`user-${user.id}-cancel`}
              size="small"
              kind="secondary"
              onClick={() => {
                setEditing(false)
                setRole(user.role)
                setDepartmentId(user.departmentId ?? undefined)
                setErrors({})
              }}
            >
              取消
            </Btn>
          </View>
        </View>
      ) : (
        <View className="btn-grid">
          <Btn id={`user-${user.id}-edit`} size="small" kind="secondary" onClick={() => setEditing(true)}>
            改角色/部门
          </Btn>
          <Btn id={`user-${user.id}-reset`} size="small" kind="secondary" loading={busy} onClick={() => void reset()}>
            重置密码
          </Btn>
          <Btn id={`user-${user.id}-toggle`} size="small" kind={user.active ? 'danger' : 'secondary'} loading={busy} onClick={() => void toggle()}>
            {user.active ? '停用' : '启用'}
          </Btn>
        </View>
      )}
    </Card>
  )
}

/** 工作人员: the agency's accounts; new accounts and resets show their one-time password once. */
export function UsersPanel({ users, departments, onAuthError }: Props) {
  const [issued, setIssued] = useState<IssuedPassword | null>(null)
  const [creating, setCreating] = useState(false)
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<StaffRole | undefined>()
  const [departmentId, setDepartmentId] = useState<string>()
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const showIssued = (i: IssuedPassword) => {
    setIssued(i)
    Taro.pageScrollTo({ selector: '#otp-box', duration: 0 }).catch(() => undefined)
  }

  const create = async () => {
    setFormError(undefined)
    const parsed = staffAccountCreateSchema.safeParse({
      username: username.trim(),
      displayName,
      role,
      departmentId: role === 'handler' ? departmentId : undefined,
    })
    if (!parsed.success) return setErrors(fieldErrors(parsed.error))
    setErrors({})
    setBusy(true)
    try {
      const res = await createStaffUser(parsed.data)
      showIssued({ username: res.user.username, displayName: res.user.displayName, password: res.oneTimePassword, reason: 'created' })
      setCreating(false)
      setUsername('')
      setDisplayName('')
      setRole(undefined)
      setDepartmentId(undefined)
      await users.reload({ silent: true })
    } catch (e) {
      if (onAuthError(e)) return
      if (e instanceof ApiError && e.field) setErrors({ [e.field]: e.message })
      else setFormError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View id="org-users">
      {issued ? <OneTimePasswordBox issued={issued} onDone={() => setIssued(null)} /> : null}
      {creating ? (
        <Section title="新建工作人员账号">
          {formError ? <Banner id="user-new-error">{formError}</Banner> : null}
          <TextField
            id="user-new-username"
            label="用户名"
            value={username}
            onChange={setUsername}
            maxlength={32}
            hint="3–32位小写字母、数字、下划线、点或连字符，用于登录"
            error={errors.username}
            required
          />
          <TextField id="user-new-name" label="姓名" value={displayName} onChange={setDisplayName} maxlength={30} error={errors.displayName} required />
          <RoleFields
            id="user-new"
            role={role}
            onRole={setRole}
            departmentId={departmentId}
            onDepartment={setDepartmentId}
            departments={departments.data}
            errors={errors}
          />
          <View className="btn-grid">
            <Btn id="user-create" loading={busy} loadingText="正在创建…" onClick={() => void create()}>
              创建并生成一次性密码
            </Btn>
            <Btn id="user-new-cancel" kind="secondary" onClick={() => setCreating(false)}>
              取消
            </Btn>
          </View>
        </Section>
      ) : (
        <Btn id="user-new" onClick={() => setCreating(true)}>
          + 新建账号
        </Btn>
      )}
      <Section title="本单位的工作人员">
        <View id="user-list" className="list org-list">
          {users.loading && !users.data ? (
            <Loading />
          ) : users.error && !users.data ? (
            <ErrorState id="user-load-error" error={users.error} onRetry={() => void users.reload()} />
          ) : users.data && users.data.length === 0 ? (
            <Empty id="user-empty" text="还没有工作人员账号" />
          ) : (
            users.data?.map((u) => (
              <UserCard
                key={`${u.id}-${u.role}-${u.departmentId ?? ''}`}
                user={u}
                departments={departments.data}
                onIssued={showIssued}
                onAuthError={onAuthError}
                onChanged={() => void users.reload({ silent: true })}
              />
            ))
          )}
        </View>
      </Section>
    </View>
  )
}
