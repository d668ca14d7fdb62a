export default definePageConfig({
  navigationBarTitleText: '无记名测评',
})
