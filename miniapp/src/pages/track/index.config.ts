export default definePageConfig({
  navigationBarTitleText: '意见查询',
})
