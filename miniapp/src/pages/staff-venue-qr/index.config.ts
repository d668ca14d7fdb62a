export default definePageConfig({
  navigationBarTitleText: '现场二维码',
})
