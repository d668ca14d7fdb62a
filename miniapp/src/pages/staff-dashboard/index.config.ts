export default definePageConfig({
  navigationBarTitleText: '实时数据',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
})
