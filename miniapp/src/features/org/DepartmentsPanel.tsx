import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { departmentCreateSchema, type Department } from '@openday/shared'
import { useState } from 'react'
import { createDepartment, patchDepartment } from '../../api/org'
import { ApiError, errorMessage } from '../../api/request'
import { Btn } from '../../components/Btn'
import { TextField } from '../../components/Fields'
import { Card, Section } from '../../components/Layout'
import { Banner, Empty, ErrorState, Loading } from '../../components/States'
import { fieldErrors } from '../../lib/form'
import type { Resource } from '../../lib/useResource'

interface Props {
  departments: Resource<Department[]>
  /** A 401 / password-change answer: the page leaves; true when handled. */
  onAuthError: (e: unknown) => boolean
}

function DepartmentCard({ dept, onChanged, onAuthError }: { dept: Department; onChanged: () => void; onAuthError: Props['onAuthError'] }) {
  const [renaming, setRenaming] = useState(false)
  const [name, setName] = useState(dept.name)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const save = async (body: { name?: string; active?: boolean }) => {
    setError(undefined)
    setBusy(true)
    try {
      await patchDepartment(dept.id, body)
      setRenaming(false)
      onChanged()
    } catch (e) {
      if (!onAuthError(e)) setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const rename = () => {
    const parsed = departmentCreateSchema.safeParse({ name })
    if (!parsed.success) return setError(fieldErrors(parsed.error).name)
    void save({ name: parsed.data.name })
  }

  const toggle = async () => {
    const r = await Taro.showModal({
      title: dept.active ? '停用部门' : '启用部门',
      content: dept.active ? `确定停用“${dept.name}”吗？停用后不能再向它转办意见。` : `确定重新启用“${dept.name}”吗？`,
      confirmText: dept.active ? '停用' : '启用',
      cancelText: '取消',
    })
    if (r.confirm) void save({ active: !dept.active })
  }

  return (
    <Card id={`dept-${dept.id}`}>
      <View className="card__top">
        <Text className="card__title">{dept.name}</Text>
      </View>
      <View>
        <Text className={`badge ${dept.active ? 'badge--on' : 'badge--off'}`}>{dept.active ? '启用' : '已停用'}</Text>
        <Text className={`badge ${dept.openItems > 0 ? 'badge--warn' : 'badge--off'}`}>正在办理 {dept.openItems} 条</Text>
      </View>
      {error ? (
        <View className="inline-form">
          <Banner id={`dept-${dept.id}-error`}>{error}</Banner>
        </View>
      ) : null}
      {renaming ? (
        <View className="inline-form">
          <TextField id={`dept-${dept.id}-name`} label="新名称" value={name} onChange={setName} onConfirm={rename} maxlength={30} required />
          <View className="btn-grid">
            <Btn id={`dept-${dept.id}-save`} size="small" loading={busy} onClick={rename}>
              保存
            </Btn>
            <Btn
              id={`dept-${dept.id}-cancel`}
              size="small"
              kind="secondary"
              onClick={() => {
                setRenaming(false)
                setName(dept.name)
                setError(undefined)
              }}
            >
              取消
            </Btn>
          </View>
        </View>
      ) : (
        <View className="btn-grid">
          <Btn id={`dept-${dept.id}-rename`} size="small" kind="secondary" onClick={() => setRenaming(true)}>
            改名
          </Btn>
          <Btn id={`dept-${dept.id}-toggle`} size="small" kind={dept.active ? 'danger' : 'secondary'} loading={busy} onClick={() => void toggle()}>
            {dept.active ? '停用' : '启用'}
          </Btn>
        </View>
      )}
    </Card>
  )
}

/** 承办部门: the agency's departments, active first, with their open items. */
export function DepartmentsPanel({ departments, onAuthError }: Props) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const create = async () => {
    setError(undefined)
    const parsed = departmentCreateSchema.safeParse({ name })
    if (!parsed.success) return setError(fieldErrors(parsed.error).name)
    setBusy(true)
    try {
      await createDepartment(parsed.data)
      setName('')
      Taro.showToast({ title: '已添加', icon: 'success' }).catch(() => undefined)
      await departments.reload({ silent: true })
    } catch (e) {
      if (!onAuthError(e)) setError(e instanceof ApiError && e.field === 'name' ? e.message : errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View id="org-departments">
      <Section title="添加承办部门">
        <TextField id="dept-new-name" label="部门名称" value={name} onChange={setName} onConfirm={() => void create()} maxlength={30} error={error} required />
        <Btn id="dept-create" loading={busy} loadingText="正在添加…" onClick={() => void create()}>
          添加部门
        </Btn>
      </Section>
      <Section title="本单位的承办部门">
        <View id="dept-list" className="list org-list">
          {departments.loading && !departments.data ? (
            <Loading />
          ) : departments.error && !departments.data ? (
            <ErrorState id="dept-load-error" error={departments.error} onRetry={() => void departments.reload()} />
          ) : departments.data && departments.data.length === 0 ? (
            <Empty id="dept-empty" text="还没有承办部门，请在上方添加" />
          ) : (
            departments.data?.map((d) => <DepartmentCard key={d.id} dept={d} onAuthError={onAuthError} onChanged={() => void departments.reload({ silent: true })} />)
          )}
        </View>
      </Section>
    </View>
  )
}
