import { Text, View } from '@tarojs/components'
import { idAttr } from '../lib/platform'

/** A figure and its label (实时数据, the 活动总结's figures). */
export function Stat({ id, label, value }: { id: string; label: string; value: number | string }) {
  return (
    <View className="stat">
      <Text {...idAttr(id)} className="stat__value">
        {value}
      </Text>
      <Text className="stat__label">{label}</Text>
    </View>
  )
}
