<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AcceptDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="521" />
        <source>办理途径</source>
        <translation>Route</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="521" />
        <source>条例第三十一条；默认第（六）项</source>
        <translation>Regulations art. 31; default: route (6)</translation>
    </message>
</context>
<context>
    <name>AccountsPanel</name>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="57" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="57" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="57" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="57" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="74" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="75" />
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="76" />
        <source>初始密码(&amp;W)</source>
        <translation>Initial pass&amp;word</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="77" />
        <source>角色(&amp;R)</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="84" />
        <source>添加账户(&amp;A)</source>
        <translation>&amp;Add account</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="85" />
        <source>停用/启用所选账户(&amp;T)</source>
        <translation>Disable/enable selec&amp;ted</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="86" />
        <source>所选账户改为上面的角色(&amp;G)</source>
        <translation>&amp;Give selected the role above</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="92" />
        <source>账户的改动立即生效（不需要点“保存”），并记入审计。账户不删除：停用后不能登录，其经办记录保留。</source>
        <translation>Account changes take effect at once (no need to click “Save”) and are audited. Accounts are never deleted: a disabled account cannot log in, and its records are kept.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="114" />
        <source>只有系统管理员可以管理账户</source>
        <translation>Only the system administrator can manage accounts</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="127" />
        <source>在用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="127" />
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="168" />
        <source>已添加账户 {0}</source>
        <translation>Account {0} added</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="176" />
        <location filename="../../reception/ui/dialogs/accounts.py" line="188" />
        <source>请先在表中选择一个账户</source>
        <translation>Select an account in the table first</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/accounts.py" line="181" />
        <location filename="../../reception/ui/dialogs/accounts.py" line="193" />
        <source>已更新账户 {0}</source>
        <translation>Account {0} updated</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="273" />
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="276" />
        <source>{0}　{1}</source>
        <translation>{0}  {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="284" />
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="300" />
        <source>补录（按实际办理时间登记）</source>
        <translation>Late entry (record the actual time)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="322" />
        <source>完成后打印{0}…</source>
        <translation>Print {0} when done…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="330" />
        <source>{0}（Ctrl+Enter）</source>
        <translation>{0} (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="334" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>AgencyPicker</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="148" />
        <source>输入名称或代码查找，也可直接填写</source>
        <translation>Search by name or code, or type a name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="148" />
        <source>输入名称或代码查找</source>
        <translation>Search by name or code</translation>
    </message>
</context>
<context>
    <name>AnswerDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="802" />
        <location filename="../../reception/ui/dialogs/actions.py" line="803" />
        <source>答复内容</source>
        <translation>Answer</translation>
    </message>
</context>
<context>
    <name>AssignDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="597" />
        <source>承办单位</source>
        <translation>Handling unit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="598" />
        <source>限期反馈</source>
        <translation>Require feedback by</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="612" />
        <source>反馈期限</source>
        <translation>Feedback due</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="613" />
        <source>办理要求，例如：查明事实，依法处理，书面反馈办理结果</source>
        <translation>Requirements, e.g. establish the facts, handle according to law, report the result in writing</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="614" />
        <source>办理要求</source>
        <translation>Requirements</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="128" />
        <source>备份台账</source>
        <translation>Back up the ledger</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="137" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="138" />
        <source>其他文件夹…</source>
        <translation>Other folder…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="143" />
        <source>备份到(&amp;D)</source>
        <translation>Back up to (&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="154" />
        <source>帮助回忆口令的提示（不要写口令本身）</source>
        <translation>A hint only, not the passphrase itself</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="156" />
        <source>口令(&amp;P)</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="157" />
        <source>再输一遍(&amp;C)</source>
        <translation>&amp;Confirm passphrase</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="158" />
        <source>口令提示(&amp;H)</source>
        <translation>Passphrase &amp;hint</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="175" />
        <source>开始备份</source>
        <translation>Start backup</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="177" />
        <location filename="../../reception/ui/dialogs/backup.py" line="307" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="202" />
        <source>本台账还没有备份过。</source>
        <translation>This ledger has never been backed up.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="206" />
        <source>上次备份在 {0}，已经 {1} 天（超过 {2} 天提醒）。</source>
        <translation>Last backup on {0}, {1} days ago (reminder after {2} days).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="211" />
        <source>上次备份：{0}</source>
        <translation>Last backup: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="220" />
        <source>{0}（{1}）可用 {2}</source>
        <translation>{0} ({1}), {2} free</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="223" />
        <source>未发现 U 盘：请插入后点“刷新”，或选择其他文件夹</source>
        <translation>No USB drive found: plug one in and click “Refresh”, or choose another folder</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="239" />
        <source>{0}  可用 {1}</source>
        <translation>{0}  {1} free</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="246" />
        <source>选择备份文件夹</source>
        <translation>Choose a backup folder</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="254" />
        <source>请选择备份位置</source>
        <translation>Choose where to back up</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="257" />
        <source>需要约 {0}（压缩后通常小得多），可用 {1}</source>
        <translation>Needs about {0} (usually much less once compressed); {1} free</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="259" />
        <source>：空间不足</source>
        <translation>: not enough space</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="261" />
        <source>：空间可能不够</source>
        <translation>: space may not be enough</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="274" />
        <source>请选择备份位置（插入 U 盘后点“刷新”）</source>
        <translation>Choose where to back up (plug in a USB drive, then click “Refresh”)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="277" />
        <source>备份位置 {0} 不存在</source>
        <translation>The backup location {0} does not exist</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="280" />
        <source>口令至少 {0} 个字符</source>
        <translation>The passphrase needs at least {0} characters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="284" />
        <source>两次输入的口令不一致</source>
        <translation>The two passphrases do not match</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="290" />
        <source>口令提示里不能包含口令本身</source>
        <translation>The hint must not contain the passphrase</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="307" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="349" />
        <source>备份完成并已读回校验：{0}（{1}，SHA-256 {2}…）</source>
        <translation>Backup done and verified by reading it back: {0} ({1}, SHA-256 {2}…)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="362" />
        <source>已取消，没有留下备份文件</source>
        <translation>Cancelled; no backup file was left</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="374" />
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="731" />
        <source>办结方式</source>
        <translation>Ending</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="733" />
        <source>条例第三十一条：Alt+1 转入法定程序 · Alt+2 依法履行</source>
        <translation>Art. 31: Alt+1 passed to legal procedure · Alt+2 duty performed by law</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="735" />
        <source>办结情况（可不填）</source>
        <translation>Closing note (optional)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="736" />
        <source>办结情况</source>
        <translation>Closing note</translation>
    </message>
</context>
<context>
    <name>ContentCategoryCombo</name>
    <message>
        <location filename="../../reception/ui/widgets/common.py" line="228" />
        <source>输入任一字查找，如“治安”</source>
        <translation>Type any part, e.g. “public order”</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="171" />
        <source>个百分点</source>
        <translation> pts</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="251" />
        <source>统计分析</source>
        <extracomment>a LedgerFilter listing the matters behind the number the clerk clicked the report dict once it is on screen (tests, the main window's status bar)</extracomment>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="255" />
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="259" />
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="267" />
        <source>至</source>
        <translation>until</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="269" />
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="276" />
        <source>导出报表…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="277" />
        <source>保存为 PDF 或 Excel（.xlsx）</source>
        <translation>Save as PDF or Excel (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="315" />
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="316" />
        <location filename="../../reception/ui/pages/dashboard.py" line="524" />
        <location filename="../../reception/ui/pages/dashboard.py" line="584" />
        <source>本期</source>
        <translation>This period</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="317" />
        <source>同比期</source>
        <translation>Last year</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="318" />
        <location filename="../../reception/ui/pages/dashboard.py" line="492" />
        <location filename="../../reception/ui/pages/dashboard.py" line="525" />
        <source>同比</source>
        <translation>vs last year</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="319" />
        <source>环比期</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="320" />
        <location filename="../../reception/ui/pages/dashboard.py" line="493" />
        <location filename="../../reception/ui/pages/dashboard.py" line="526" />
        <source>环比</source>
        <translation>vs previous</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="340" />
        <source>集体访规模（件次）</source>
        <translation>Group visit size (matters)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="342" />
        <source>{0}（件次）</source>
        <translation>{0} (matters)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="438" />
        <source>截止日期早于起始日期</source>
        <translation>The end date is before the start date</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="442" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="468" />
        <source>统计失败：{0}</source>
        <translation>Statistics failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="484" />
        <source>本期 {0}～{1}　同比 {2}～{3}　环比 {4}～{5}　按登记时间统计；点击数字、图形或表格行可查看对应事项</source>
        <translation>This period {0} – {1}   last year {2} – {3}   previous {4} – {5}   by registration time; click a figure, chart or table row to see its matters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="498" />
        <source>{0} ÷ {1}（同比期 {2}，环比期 {3}）</source>
        <translation>{0} ÷ {1} (last year {2}, previous {3})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="505" />
        <source>同比期 {0}，环比期 {1}</source>
        <translation>Last year {0}, previous {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="555" />
        <source>信访形式（件次）</source>
        <translation>Channel (matters)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="586" />
        <source>同比（上年同期）</source>
        <translation>Same period last year</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="629" />
        <source>每月登记件次</source>
        <translation>Matters registered per month</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="629" />
        <source>每日登记件次</source>
        <translation>Matters registered per day</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="638" />
        <source>{0} 人</source>
        <translation>{0} persons</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="655" />
        <source>（未定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="704" />
        <source>{0} {1}：{2} 件（点击查看）</source>
        <translation>{0} {1}: {2} matters (click to see them)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="743" />
        <source>导出统计报表</source>
        <translation>Export statistics report</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="747" />
        <source>PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)</source>
        <translation>PDF file (*.pdf);;Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="759" />
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="764" />
        <source>已导出：{0}</source>
        <translation>Exported: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="770" />
        <source>导出失败：{0}</source>
        <translation>Export failed: {0}</translation>
    </message>
</context>
<context>
    <name>DateRangeDialog</name>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="237" />
        <source>登记日期范围</source>
        <translation>Registration dates</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="246" />
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="247" />
        <source>到</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="251" />
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="252" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="267" />
        <source>结束日期早于开始日期</source>
        <translation>The end date is before the start date</translation>
    </message>
</context>
<context>
    <name>ExportFileChooser</name>
    <message>
        <location filename="../../reception/ui/main_window.py" line="122" />
        <source>导出台账</source>
        <translation>Export the ledger</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="126" />
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="646" />
        <source> 日</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="647" />
        <source>延长</source>
        <translation>Extend by</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="648" />
        <source>延期理由（将写入延期告知书）</source>
        <translation>Reason for the extension (printed on the extension notice)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="649" />
        <source>延期理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="651" />
        <source>批准的负责人</source>
        <translation>Head who approved it</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="652" />
        <source>批准人</source>
        <translation>Approved by</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../reception/ui/widgets/file_dialogs.py" line="58" />
        <source>文件夹</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/file_dialogs.py" line="61" />
        <source>{0} 文件</source>
        <translation>{0} file</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/file_dialogs.py" line="63" />
        <source>文件</source>
        <translation>File</translation>
    </message>
</context>
<context>
    <name>FilterChip</name>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="155" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="221" />
        <source>{0} ▾</source>
        <translation>{0} ▾</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="223" />
        <source>{0}：{1} ▾</source>
        <translation>{0}: {1} ▾</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="225" />
        <source>{0}：{1} 等 {2} 项 ▾</source>
        <translation>{0}: {1} and others ({2}) ▾</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="227" />
        <source>{0}：全部</source>
        <translation>{0}: all</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="130" />
        <source>首次使用：创建管理员账户</source>
        <translation>First use: create the administrator account</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="132" />
        <source>这台接待台还没有账户。请先创建系统管理员，再由管理员在 设置 › 账户 中添加接待员。</source>
        <translation>This desk has no accounts yet. Create the system administrator first; the administrator then adds clerks in Settings › Accounts.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="142" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="143" />
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="144" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="145" />
        <source>确认密码(&amp;C)</source>
        <translation>&amp;Confirm password</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="152" />
        <source>创建并登录</source>
        <translation>Create and log in</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="153" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="165" />
        <source>两次输入的密码不一致</source>
        <translation>The two passwords do not match</translation>
    </message>
</context>
<context>
    <name>HearingDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="789" />
        <source>听证开始</source>
        <translation>Hearing from</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="791" />
        <source>听证结束</source>
        <translation>Hearing until</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="81" />
        <source>此人历史</source>
        <translation>Earlier matters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="82" />
        <source>输入证件号、电话或姓名后，这里列出此人以前的事项。</source>
        <translation>Type an ID number, phone or name: this person's earlier matters appear here.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="85" />
        <source>Enter 下一栏　Alt+字母 转到该栏
Ctrl+Enter 登记并打印回执
Ctrl+S 暂存　Esc 清空（Ctrl+Z 撤销）
Alt+L 关联到所选事项　F6 转到此处</source>
        <translation>Enter next field   Alt+letter go to field
Ctrl+Enter register and print receipt
Ctrl+S keep draft   Esc clear (Ctrl+Z undo)
Alt+L link to selected matter   F6 come here</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="94" />
        <location filename="../../reception/ui/widgets/history.py" line="312" />
        <source>关联到所选事项  Alt+L</source>
        <translation>Link to selected matter  Alt+L</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="95" />
        <source>新登记的事项作为重件关联到所选的以前事项（再按一次取消）</source>
        <translation>Link the new matter as a repeat of the selected earlier matter (press again to undo)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="155" />
        <source>档案中有此人，但没有以前的事项。</source>
        <translation>This person is on file but has no earlier matters.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="157" />
        <source>没有找到此人的档案：这是第一次来访。</source>
        <translation>No file for this person: this is a first visit.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="203" />
        <source>此人历史 ({0})</source>
        <translation>Earlier matters ({0})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="210" />
        <source>按证件号</source>
        <translation>by ID number</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="210" />
        <source>按电话</source>
        <translation>by phone</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="210" />
        <source>按姓名</source>
        <translation>by name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="216" />
        <source>同名 {0} 人，请用证件号核对是否同一人</source>
        <translation>{0} people share this name; check the ID number</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="217" />
        <source>找到 {0} 份档案</source>
        <translation>{0} files found</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="238" />
        <source>重件</source>
        <translation>repeat</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="254" />
        <source>已关联到本次登记</source>
        <translation>linked to this registration</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="266" />
        <source>剩 {0} 天</source>
        <translation>{0} days left</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="268" />
        <source>超 {0} 天</source>
        <translation>{0} days over</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="282" />
        <source>至</source>
        <translation>until</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="287" />
        <source>满意</source>
        <translation>satisfied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="287" />
        <source>基本满意</source>
        <translation>mostly satisfied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="287" />
        <source>不满意</source>
        <translation>dissatisfied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="303" />
        <source>本次登记将关联：{0}</source>
        <translation>This registration will be linked to: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/widgets/history.py" line="310" />
        <source>取消关联所选事项  Alt+L</source>
        <translation>Unlink selected matter  Alt+L</translation>
    </message>
</context>
<context>
    <name>InformRouteDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="762" />
        <source>例如：请自收到本告知之日起六个月内向××区人民法院提起行政诉讼</source>
        <translation>e.g. bring an administrative suit at the ×× District People's Court within six months of this notice</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="763" />
        <source>告知内容</source>
        <translation>What was told</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="103" />
        <source>登记回执</source>
        <translation>Registration receipt</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="104" />
        <source>登记回执（80 毫米）</source>
        <translation>Receipt (80 mm)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="105" />
        <source>受理告知书</source>
        <translation>Acceptance notice</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="106" />
        <source>不予受理告知书</source>
        <translation>Non-acceptance notice</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="107" />
        <source>转送告知书</source>
        <translation>Referral notice</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="108" />
        <source>转送函/交办单</source>
        <translation>Referral letter / assignment slip</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="109" />
        <source>延期告知书</source>
        <translation>Extension notice</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="110" />
        <source>答复意见书</source>
        <translation>Written reply</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="115" />
        <source>（一）诉讼、仲裁以外的法定途径：诉讼、行政复议、刑事立案、法律监督、公安机关法定程序</source>
        <translation>(1) Statutory channels: litigation, administrative review, criminal case, legal supervision, police procedure</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="118" />
        <source>（二）仲裁</source>
        <translation>(2) Arbitration</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="119" />
        <source>（三）党员申诉</source>
        <translation>(3) Party member appeal</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="120" />
        <source>（四）行政程序：复议、裁决、确认、许可、处罚等</source>
        <translation>(4) Administrative procedure: review, ruling, confirmation, licence, penalty …</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="121" />
        <source>（五）要求履行保护职责或查处违法行为：依法履行或答复</source>
        <translation>(5) Demand for protection or action against violations: act or answer according to law</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="122" />
        <source>（六）其他：听取意见、调查核实，出具信访处理意见书（60 日内办结）</source>
        <translation>(6) Other: hear, investigate and issue a written reply (closed within 60 days)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="126" />
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="127" />
        <source>法院</source>
        <translation>Court</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="128" />
        <source>检察院</source>
        <translation>Procuratorate</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="129" />
        <source>纪委监委</source>
        <translation>Discipline inspection</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="130" />
        <source>政府部门</source>
        <translation>Government department</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="131" />
        <source>公安</source>
        <translation>Police</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="512" />
        <source>受理后告知信访人受理情况；第（六）项途径的事项 60 日内办结（条例第三十四条）。</source>
        <translation>After accepting, tell the petitioner; route (6) matters are closed within 60 days (Regulations art. 34).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="581" />
        <source>转送有权处理的机关，并告知信访人去向（条例第二十三条）。</source>
        <translation>Refer to the agency with power to handle it and tell the petitioner where it went (Regulations art. 23).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="638" />
        <source>复杂事项经本机关负责人批准可延长一次，不超过 30 日，并书面告知信访人延期理由（条例第三十四条）。</source>
        <translation>A complex matter may be extended once, by at most 30 days, with the head's approval; tell the petitioner the reason in writing (Regulations art. 34).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="663" />
        <source>答复意见</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="682" />
        <source>出具信访处理意见书；信访人可自收到之日起 30 日内请求复查（条例第三十五条）。</source>
        <translation>Issue the written reply; the petitioner may ask for a review within 30 days of receiving it (Regulations art. 35).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="687" />
        <source>复查/复核意见</source>
        <translation>Review opinion</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="688" />
        <source>对复查或复核请求作出书面答复（条例第三十五、三十六条）。</source>
        <translation>Answer a request for review or recheck in writing (Regulations arts. 35, 36).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="706" />
        <source>登记信访人对处理意见的复查请求（收到意见之日起 30 日内，条例第三十五条），已复查的登记复核请求（条例第三十六条）。复核后同一事实和理由不再受理。</source>
        <translation>Record the petitioner's request for a review of the reply (within 30 days of receiving it, Regulations art. 35), or for a recheck after a review (art. 36). After a recheck the same facts and reasons are not accepted again.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="715" />
        <source>转入法定程序</source>
        <extracomment>how a route-(1)-(5) matter ends (条例 art 31), for the 办结 dialog</extracomment>
        <translation>passed to legal procedure</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="716" />
        <source>依法履行</source>
        <translation>duty performed by law</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="755" />
        <source>按第三十一条第（一）至（五）项受理的事项，告知信访人依照哪个法定途径、向哪个机关、按什么程序提出；告知后可按“转入法定程序”或“依法履行”办结。</source>
        <translation>For a matter accepted on routes (1)–(5) of Art. 31, tell the petitioner the legal route: which agency, which procedure. It can then be closed as “passed to legal procedure” or “duty performed by law”.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="771" />
        <source>登记承办单位的办结报告；按报告日期计算交办反馈是否按期。</source>
        <translation>Record the assigned unit's report; the report date decides whether its feedback was in time.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="785" />
        <source>复核机关举行听证的，听证所需时间不计算在复核期限内（条例第三十六条）。</source>
        <translation>When the re-checking agency holds a hearing, its time is not counted in the re-check period (Art. 36).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="799" />
        <source>能够当场答复的，当场答复并记录答复内容。</source>
        <translation>Answer on the spot where possible, and record the answer.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="811" />
        <source>上级转送、交办的事项不属于本机关的，自收到之日起 5 个工作日内提出异议并退回（条例第二十三条）。</source>
        <translation>A matter forwarded or assigned from above that is not this agency's: object and return it within 5 working days of receipt (Regulations art. 23).</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="88" />
        <source>件次</source>
        <extracomment>trend points per day up to this many days, per month beyond (figure key in the report, title, is a rate, drill-down key, tooltip: numerator key, denominator key)</extracomment>
        <translation>Matters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="89" />
        <source>人次</source>
        <translation>Persons</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="90" />
        <source>办结率</source>
        <translation>Closure rate</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="93" />
        <source>及时受理率</source>
        <translation>Timely answer</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="101" />
        <source>按期办结率</source>
        <translation>Closed on time</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="109" />
        <source>满意率</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="115" />
        <source>参评率</source>
        <translation>Rated</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="116" />
        <source>重复访</source>
        <translation>Repeat visits</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="117" />
        <source>集体访</source>
        <translation>Group visits</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="118" />
        <source>越级访</source>
        <translation>Skip-level</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="119" />
        <source>领导接访</source>
        <translation>Leader received</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="120" />
        <source>领导包案</source>
        <translation>Leader owned</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="135" />
        <source>状态</source>
        <extracomment>breakdown tabs: (report key suffix, tab title); "collective_size" is the collective visits by size band</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="136" />
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="137" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="152" />
        <location filename="../../reception/ui/pages/dashboard.py" line="138" />
        <source>内容分类</source>
        <translation>Content type</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="139" />
        <source>属地</source>
        <translation>Locality</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="154" />
        <location filename="../../reception/ui/pages/dashboard.py" line="140" />
        <source>承办单位</source>
        <translation>Handling unit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="155" />
        <location filename="../../reception/ui/pages/dashboard.py" line="141" />
        <source>接待人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/dashboard.py" line="142" />
        <source>集体访规模</source>
        <translation>Group size</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="28" />
        <source>已登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="29" />
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="30" />
        <source>不予受理</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="31" />
        <source>已转送</source>
        <translation>Referred</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="32" />
        <source>当场答复</source>
        <translation>Answered on the spot</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="33" />
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="34" />
        <source>已交办</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="35" />
        <source>督办中</source>
        <translation>Supervised</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="36" />
        <source>已延期</source>
        <translation>Extended</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="37" />
        <source>已答复</source>
        <translation>Replied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="38" />
        <source>已回访</source>
        <translation>Visited back</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="39" />
        <source>复查中</source>
        <translation>Under review</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="40" />
        <source>已复查</source>
        <translation>Reviewed</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="41" />
        <source>复核中</source>
        <translation>Under recheck</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="42" />
        <source>已复核</source>
        <translation>Rechecked</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="43" />
        <source>已办结</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="45" />
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="46" />
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="47" />
        <source>警告</source>
        <translation>Alert</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="48" />
        <source>严重警告</source>
        <translation>Severe</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="49" />
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="51" />
        <source>告知受理/去向</source>
        <translation>Notify decision</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="52" />
        <source>异议退回</source>
        <translation>Object and return</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="53" />
        <source>办理期限</source>
        <translation>Handling period</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="54" />
        <source>交办反馈</source>
        <translation>Assignee feedback</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="55" />
        <source>上级反馈</source>
        <translation>Feedback upward</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="56" />
        <source>申请复查</source>
        <translation>Review request</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="57" />
        <source>复查答复</source>
        <translation>Review answer</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="58" />
        <source>申请复核</source>
        <translation>Recheck request</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="59" />
        <source>复核答复</source>
        <translation>Recheck answer</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="61" />
        <source>条例第23条</source>
        <translation>Art. 23</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="62" />
        <source>条例第34条</source>
        <translation>Art. 34</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="63" />
        <source>条例第35条</source>
        <translation>Art. 35</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="64" />
        <source>条例第36条</source>
        <translation>Art. 36</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="65" />
        <source>交办单载明</source>
        <translation>Per slip</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="66" />
        <source>上级来文载明</source>
        <translation>Per source doc</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="68" />
        <source>来访</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="69" />
        <source>来信</source>
        <translation>Letter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="70" />
        <source>来电</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="71" />
        <source>网上</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="72" />
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="73" />
        <source>本级登记</source>
        <translation>Own registration</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="74" />
        <source>上级转送</source>
        <translation>Forwarded from above</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="75" />
        <source>上级交办</source>
        <translation>Assigned from above</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="76" />
        <source>求决</source>
        <translation>Demand</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="77" />
        <source>申诉</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="78" />
        <source>意见建议</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="79" />
        <source>揭发控告</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="80" />
        <source>咨询</source>
        <translation>Inquiry</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="81" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="82" />
        <source>建议意见类</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="83" />
        <source>检举控告类</source>
        <translation>Complaint / report</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="84" />
        <source>申诉求决类</source>
        <translation>Grievance / demand</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="86" />
        <source>信访人</source>
        <translation>Petitioner</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="87" />
        <source>代表</source>
        <translation>Representative</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="88" />
        <source>同行人员</source>
        <translation>Companion</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="89" />
        <source>代理人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="91" />
        <source>予以支持</source>
        <translation>Supported</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="92" />
        <source>作出解释说明</source>
        <translation>Explained</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="93" />
        <source>不予支持</source>
        <translation>Not supported</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="94" />
        <source>满意</source>
        <translation>satisfied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="95" />
        <source>基本满意</source>
        <translation>mostly satisfied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="96" />
        <source>不满意</source>
        <translation>dissatisfied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="98" />
        <source>不属于公安机关职权范围</source>
        <translation>Outside the powers of the police</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="99" />
        <source>请向有权处理的机关提出</source>
        <translation>Turn to the agency with power to handle it</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="100" />
        <source>不属于本机关管辖</source>
        <translation>Outside this agency's jurisdiction</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="101" />
        <source>请向有管辖权的公安机关提出</source>
        <translation>Turn to the police agency with jurisdiction</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="102" />
        <source>应当通过法定途径解决</source>
        <translation>To be settled through statutory channels</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="103" />
        <source>请依法向人民法院、人民检察院等提出</source>
        <translation>Turn to the courts, procuratorates etc. according to law</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="104" />
        <source>已经复核，不再受理</source>
        <translation>Already rechecked; not accepted again</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="105" />
        <source>同一事实和理由已经复核，不再受理</source>
        <translation>The same facts and reasons were already rechecked; not accepted again</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="106" />
        <source>超过请求复查（复核）期限</source>
        <translation>Past the time limit for review (recheck)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="107" />
        <source>已超过法定期限，不再受理</source>
        <translation>The statutory time limit has passed; not accepted</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="108" />
        <source>已依法定程序处理</source>
        <translation>Already handled by statutory procedure</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="109" />
        <source>请向有关单位依法申请</source>
        <translation>Apply to the units concerned according to law</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="110" />
        <source>同一事项正在办理中</source>
        <translation>The same matter is already being handled</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="111" />
        <source>同一事项已经受理或者正在办理，不予受理</source>
        <translation>The same matter is already accepted or being handled; not accepted</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="112" />
        <source>越级走访</source>
        <translation>Visit skipping a level</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="113" />
        <source>请到有权处理的本级或者上一级机关提出</source>
        <translation>Go to the competent agency at this level or the next higher one</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="115" />
        <source>默认：开始之日不计入期间，从次日起算（参照《民法典》第二百零一条；《信访工作条例》对期间计算未作规定）</source>
        <translation>Default: the first day is not counted; counting starts the next day (by analogy with Civil Code art 201; the Regulation on Petitions has no counting rule)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="119" />
        <source>默认：顺延至节假日后的第一日（参照《民法典》第二百零三条）</source>
        <translation>Default: moved to the first day after the holiday (by analogy with Civil Code art 203)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="120" />
        <source>默认：不顺延（“法定休假日”取窄义，只指法定节假日；期限不因周末延长）</source>
        <translation>Default: not moved ("statutory days off" read narrowly as statutory holidays only; a weekend never lengthens a period)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="122" />
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="123" />
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="124" />
        <source>港澳通行证</source>
        <translation>HK/Macao permit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="125" />
        <source>台胞证</source>
        <translation>Taiwan compatriot permit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="126" />
        <source>其他证件</source>
        <translation>Other document</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="127" />
        <source>无证件</source>
        <translation>No document</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="129" />
        <source>接待员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="130" />
        <source>科长（审批）</source>
        <translation>Section head (approves)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="131" />
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="132" />
        <source>备份账户</source>
        <translation>Backup only</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="134" />
        <source>受理</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="135" />
        <source>转送</source>
        <translation>Refer</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="136" />
        <source>交办</source>
        <translation>Assign</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="137" />
        <source>督办</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="138" />
        <source>延期</source>
        <translation>Extend</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="139" />
        <source>答复</source>
        <translation>Reply</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="140" />
        <source>回访</source>
        <translation>Return visit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="141" />
        <source>申请复查/复核</source>
        <translation>Request review</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="142" />
        <source>复查/复核答复</source>
        <translation>Answer review</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="143" />
        <source>办结</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="144" />
        <source>承办单位报告</source>
        <translation>Unit's report</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="145" />
        <source>告知法定途径</source>
        <translation>Tell the legal route</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="146" />
        <source>复核听证</source>
        <translation>Re-check hearing</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="148" />
        <source>信访形式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="149" />
        <source>信访目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="150" />
        <source>信访类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="151" />
        <source>办理状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="153" />
        <source>问题属地</source>
        <translation>Locality</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="156" />
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="157" />
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="158" />
        <source>本季度</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="159" />
        <source>本年</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="161" />
        <source>按预警等级</source>
        <translation>By warning level</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="162" />
        <source>本周到期</source>
        <translation>Due this week</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="163" />
        <source>待回访</source>
        <translation>Return visit due</translation>
    </message>
    <message>
        <location filename="../../reception/ui/labels.py" line="164" />
        <source>交办待反馈</source>
        <translation>Awaiting feedback</translation>
    </message>
</context>
<context>
    <name>LeaderDayDialog</name>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="57" />
        <source>编辑领导接访日</source>
        <translation>Edit leader reception day</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="57" />
        <source>新增领导接访日</source>
        <translation>New leader reception day</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="62" />
        <source>如：副局长</source>
        <translation>e.g. Deputy director</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="69" />
        <source>如：09:00-11:30</source>
        <translation>e.g. 09:00-11:30</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="72" />
        <source>领导姓名</source>
        <translation>Leader's name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="73" />
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="74" />
        <source>接访日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="75" />
        <source>接访时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="76" />
        <source>接访地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="77" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="102" />
        <source>请填写领导姓名</source>
        <translation>Enter the leader's name</translation>
    </message>
</context>
<context>
    <name>LeaderDaysView</name>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="142" />
        <source>领导接访日</source>
        <translation>Leaders' reception days</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="146" />
        <source>年份</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="152" />
        <source>新增 (Ins)</source>
        <translation>New (Ins)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="153" />
        <source>编辑 (Enter)</source>
        <translation>Edit (Enter)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="154" />
        <source>删除 (Del)</source>
        <translation>Delete (Del)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="161" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="162" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="163" />
        <source>领导</source>
        <translation>Leader</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="164" />
        <source>职务</source>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="165" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="166" />
        <source>接访件数</source>
        <translation>Matters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/leaders.py" line="167" />
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>LedgerModel</name>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="79" />
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="80" />
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="81" />
        <source>形式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="82" />
        <source>信访人</source>
        <translation>Petitioner</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="83" />
        <source>人数</source>
        <translation>Headcount</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="84" />
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="85" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="86" />
        <source>去向/承办单位</source>
        <translation>Sent to / handling unit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="87" />
        <source>当前时限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="88" />
        <source>接待人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="109" />
        <source>剩 {0} 天</source>
        <translation>{0} days left</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="111" />
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="113" />
        <source>超 {0} 天</source>
        <translation>{0} days over</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="356" />
        <source>（保密）</source>
        <extracomment>emitted once the answer (or the failure) is in, after :attr:`model` holds it the ledger's total once the answer is in (None before, or after a failure)</extracomment>
        <translation>(confidential)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="373" />
        <source>证件号 {0}</source>
        <translation>ID {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="375" />
        <source>电话 {0}</source>
        <translation>Phone {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="377" />
        <source>集体访 {0} 人</source>
        <translation>Group visit, {0} persons</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="383" />
        <source>{0}：{1}（{2}）</source>
        <translation>{0}: {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/models/ledger.py" line="385" />
        <source>{0}（重件）</source>
        <translation>{0} (repeat)</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="391" />
        <source>在台账中筛选：姓名 / 证件号 / 电话 / 编号 / 摘要</source>
        <extracomment>emitted after each count/first page has been applied (tests and the main window's status bar wait on it)</extracomment>
        <translation>Filter: name / ID / phone / number / summary</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="396" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="399" />
        <source>时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="405" />
        <source>形式</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="411" />
        <source>承办单位</source>
        <translation>Handling unit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="412" />
        <source>接待人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="413" />
        <source>清除筛选</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="458" />
        <source>Enter 打开事项 · 点击表头排序</source>
        <translation>Enter opens the matter · click a header to sort</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="669" />
        <source>查询失败：{0}</source>
        <translation>Query failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="679" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="681" />
        <source>共 {0} 件</source>
        <translation>Matters: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="684" />
        <source>共 {0} 件，筛选后 {1} 件</source>
        <translation>Matters: {1} of {0} (filtered)</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="60" />
        <source>登录信访接待台</source>
        <extracomment>the login's one call: the principal the user name and password belong to, or InvalidInput (the clerk's words)</extracomment>
        <translation>Log in to the reception desk</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="66" />
        <source>用户名(&amp;U)</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="68" />
        <source>密码(&amp;P)</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="74" />
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/login.py" line="75" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../reception/ui/main_window.py" line="534" />
        <source>台账</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="467" />
        <source>← 返回  Alt+←</source>
        <translation>← Back  Alt+←</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="450" />
        <source>登记  F2</source>
        <extracomment>who the window works for before :meth:`MainWindow.sign_in`: nobody, with a clerk's authority at most the ledger's count and first page, asked for at sign-in; the ledger page takes it over when first shown</extracomment>
        <translation>Register  F2</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="451" />
        <source>台账  F3</source>
        <translation>Ledger  F3</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="452" />
        <source>督办  F4</source>
        <translation>Supervision  F4</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="453" />
        <source>统计  F5</source>
        <translation>Statistics  F5</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="472" />
        <location filename="../../reception/ui/main_window.py" line="527" />
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="476" />
        <source>姓名 / 证件号 / 电话 / 编号   Ctrl+K</source>
        <translation>Name / ID / phone / number   Ctrl+K</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="535" />
        <source>督办</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="505" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="506" />
        <source>备份…</source>
        <translation>Back up…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="507" />
        <source>从备份恢复…</source>
        <translation>Restore from backup…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="508" />
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="509" />
        <location filename="../../reception/ui/main_window.py" line="783" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="517" />
        <source>事项(&amp;E)</source>
        <translation>Matt&amp;er</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="526" />
        <source>打开事项…</source>
        <translation>Open matter…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="531" />
        <source>页面</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="533" />
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="536" />
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="537" />
        <source>领导接访日</source>
        <translation>Leaders' reception days</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="542" />
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="545" />
        <source>设置(&amp;O)</source>
        <translation>&amp;Options</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="546" />
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="549" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="550" />
        <location filename="../../reception/ui/main_window.py" line="983" />
        <source>快捷键一览</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="551" />
        <location filename="../../reception/ui/main_window.py" line="999" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="685" />
        <source>信访接待台 — {0} · {1}号窗口 · 接待人 {2}</source>
        <translation>Reception desk — {0} · window {1} · clerk {2}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="694" />
        <source>数据库 本机 {0}</source>
        <translation>Database: this PC, {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="698" />
        <source>数据库 服务器 {0}</source>
        <translation>Database: server {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="705" />
        <source>工作站 {0}</source>
        <translation>Station {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="706" />
        <source>接待人 {0}</source>
        <translation>Clerk {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="739" />
        <source>从未备份</source>
        <translation>Never backed up</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="743" />
        <source>今天</source>
        <translation>today</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="743" />
        <source>{0} 天前</source>
        <translation>{0} days ago</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="744" />
        <source>上次备份 {0}</source>
        <translation>Last backup {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="748" />
        <source>超过 {0} 天未备份时显示为红色（设置 › 备份提醒）</source>
        <translation>Shown in red when the last backup is more than {0} days old (Settings › Backup reminder)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="783" />
        <source>未能暂存正在登记的内容（{0}）。仍要退出吗？</source>
        <translation>The unfinished registration could not be kept ({0}). Quit anyway?</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="803" />
        <source>今日登记 {0} 件 {1} 人</source>
        <translation>Today {0} matters, {1} persons</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="806" />
        <source>今日登记 ?</source>
        <translation>Today ?</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="850" />
        <source>正在查找“{0}”…</source>
        <translation>Searching for “{0}”…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="864" />
        <source>没有找到“{0}”</source>
        <translation>Nothing found for “{0}”</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="872" />
        <source>结果较多，在台账中查看全部…</source>
        <translation>Many results: show all in the ledger…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="874" />
        <source>在台账中查看这 {0} 件…</source>
        <translation>Show these {0} in the ledger…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="881" />
        <source>查找失败：{0}</source>
        <translation>Search failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="924" />
        <source>从备份恢复</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="925" />
        <source>备份已恢复到新文件。接待台将关闭，换用恢复的台账后重新打开；原台账另存一份备查。</source>
        <translation>The backup was restored to a new file. The desk will close and reopen on the restored ledger; the current ledger is kept aside.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="953" />
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="939" />
        <source>正在导出台账…</source>
        <translation>Exporting the ledger…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="947" />
        <source>已导出 {0} 件到 {1}</source>
        <translation>Exported {0} matters to {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="953" />
        <source>导出失败：{0}</source>
        <translation>Export failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="985" />
        <source>F2 登记　F3 台账　F4 督办　F5 统计　F7 领导接访日　Ctrl+K 搜索　Ctrl+O 打开事项
Enter 下一栏　Ctrl+Enter 登记并打印回执　Ctrl+S 暂存
Esc 清空（Ctrl+Z 撤销）　Alt+L 关联到所选的以前事项　F6 转到此人历史
Ins / Del 添加 / 删除同行人员　Alt+字母 转到该栏（见栏名括号内字母）
Alt+← 返回　Ctrl+, 设置　Ctrl+Q 退出</source>
        <translation>F2 Register   F3 Ledger   F4 Supervision   F5 Statistics   F7 Leaders' days   Ctrl+K Search   Ctrl+O Open matter
Enter next field   Ctrl+Enter register and print receipt   Ctrl+S keep draft
Esc clear (Ctrl+Z undo)   Alt+L link to selected earlier matter   F6 earlier matters
Ins / Del add / remove companion   Alt+letter go to that field (underlined letter)
Alt+← back   Ctrl+, settings   Ctrl+Q quit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="975" />
        <source>界面语言将在重新打开接待台后生效</source>
        <translation>The interface language changes when the desk is opened again</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="1001" />
        <source>信访接待台

登记、台账、督办、打印告知文书，离线运行。
依据《信访工作条例》（2022）的时限计算；字体：文泉驿微米黑（Apache-2.0）。</source>
        <translation>Petition reception desk

Register, keep the ledger, supervise, print notices; works offline.
Time limits follow the 2022 Regulations on Letters and Visits; font: WenQuanYi Micro Hei (Apache-2.0).</translation>
    </message>
</context>
<context>
    <name>MatterDetail</name>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="207" />
        <location filename="../../reception/ui/pages/detail.py" line="377" />
        <source>显示完整号码</source>
        <extracomment>emitted after a print finished (its PrintedDocument, or None when refused); tests and the status bar use it</extracomment>
        <translation>Show full numbers</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="208" />
        <source>显示完整证件号和电话（会记入审计日志）</source>
        <translation>Show the full ID and phone numbers (recorded in the audit log)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="211" />
        <source>打印文书… ▾</source>
        <translation>Print documents… ▾</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="217" />
        <source>打印或补打文书（Alt+P）</source>
        <translation>Print or reprint documents (Alt+P)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="228" />
        <source>信访人与事项</source>
        <translation>Petitioner and matter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="237" />
        <source>办理经过</source>
        <translation>Handling history</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="242" />
        <source>时限</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="245" />
        <source>办理</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="320" />
        <source>当前状态不能{0}</source>
        <translation>{0} is not possible in the current status</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="329" />
        <source>已{0}：{1}</source>
        <translation>{0} recorded; status: {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="373" />
        <source>重件</source>
        <translation>repeat</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="375" />
        <source>集体访 {0} 人</source>
        <translation>Group visit, {0} persons</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="377" />
        <source>隐藏完整号码</source>
        <translation>Hide full numbers</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="381" />
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="381" />
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="382" />
        <source>信访人</source>
        <translation>Petitioner</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="382" />
        <source>事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="391" />
        <source>证件号 {0}</source>
        <translation>ID {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="393" />
        <source>电话 {0}</source>
        <translation>Phone {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="396" />
        <source>（未登记信访人）</source>
        <translation>(no petitioner registered)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="405" />
        <source>　反馈期限 {0}</source>
        <translation>  feedback due {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="407" />
        <source>登记时间</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="409" />
        <source>接待人</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="410" />
        <source>{0}（{1} 号窗口）</source>
        <translation>{0} (window {1})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="412" />
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="413" />
        <source>目的</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="414" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="415" />
        <source>内容分类</source>
        <translation>Content type</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="416" />
        <source>问题属地</source>
        <translation>Locality</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="417" />
        <source>人数</source>
        <translation>Headcount</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="418" />
        <source>承办单位</source>
        <translation>Handling unit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="419" />
        <source>关联事项</source>
        <translation>Linked matters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="429" />
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="429" />
        <source>诉求</source>
        <translation>Requests</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="474" />
        <source>没有正在计算的时限</source>
        <translation>No time limit is running</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="488" />
        <source>（信访人）</source>
        <translation> (petitioner)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="490" />
        <source>（上级机关）</source>
        <translation> (higher agency)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="497" />
        <source>期限 {0}，已于 {1} 完成</source>
        <translation>Due {0}; done on {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="503" />
        <source>剩 {0} 天</source>
        <translation>{0} days left</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="505" />
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="507" />
        <source>超 {0} 天</source>
        <translation>{0} days over</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="508" />
        <source>（含延期 {0} 日）</source>
        <translation> (incl. {0}-day extension)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="509" />
        <source>{0} 到期　{1}{2}</source>
        <translation>Due {0}  {1}{2}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="514" />
        <source>上级机关办理</source>
        <translation>owed by the higher agency</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="540" />
        <source>{0}　{1}</source>
        <translation>{0}  {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="544" />
        <source>{0}（{1}）</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="552" />
        <source>当前状态“{0}”没有待办的步骤</source>
        <translation>Nothing to do in the current status “{0}”</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="584" />
        <source>补打{0}</source>
        <translation>Reprint {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="616" />
        <source>正在生成{0}…</source>
        <translation>Preparing {0}…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="107" />
        <location filename="../../reception/ui/pages/detail.py" line="633" />
        <source>补打</source>
        <translation>Reprinted</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="104" />
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="107" />
        <location filename="../../reception/ui/pages/detail.py" line="633" />
        <source>打印</source>
        <translation>Printed</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="113" />
        <source>办理途径 {0}</source>
        <translation>route {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="117" />
        <source>告知去向：{0}</source>
        <translation>directed to: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="119" />
        <source>至 {0}</source>
        <translation>to {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="121" />
        <source>反馈期限 {0}</source>
        <translation>feedback due {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="123" />
        <source>要求：{0}</source>
        <translation>requirements: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="125" />
        <source>退回 {0}：{1}</source>
        <translation>returned to {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="134" />
        <source>{0} {1} 报告：{2}</source>
        <translation>{0} reported {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="139" />
        <source>听证 {0} 至 {1}</source>
        <translation>Hearing {0} to {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="142" />
        <source>{0} 日（批准人 {1}）：{2}</source>
        <translation>{0} days (approved by {1}): {2}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="148" />
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="160" />
        <source>复查</source>
        <translation>review</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="162" />
        <source>复核</source>
        <translation>recheck</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="634" />
        <source>{0}{1} {2}</source>
        <translation>{0} {1} {2}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="636" />
        <source>（检举控告事项：只打印信访人联，存档联需科长打印）</source>
        <translation> (a complaint against officials: the visitor's copy only; the file copy needs a section chief)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/detail.py" line="655" />
        <source>不能打印{0}：{1}</source>
        <translation>Cannot print {0}: {1}</translation>
    </message>
</context>
<context>
    <name>ObjectDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="816" />
        <location filename="../../reception/ui/dialogs/actions.py" line="817" />
        <source>退回理由</source>
        <translation>Reason for returning</translation>
    </message>
</context>
<context>
    <name>OpenMatterDialog</name>
    <message>
        <location filename="../../reception/ui/main_window.py" line="88" />
        <source>打开事项</source>
        <extracomment>after a login, the ledger's first page is asked for this long after the window's first paint: its thread would otherwise compete with that paint and the clerk's first keystrokes for the interpreter (PySide runs every virtual call of a Python-made widget through it); nothing on screen waits for it (台账 is on F3)</extracomment>
        <translation>Open matter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="90" />
        <source>事项编号(&amp;N)</source>
        <translation>Matter &amp;number</translation>
    </message>
    <message>
        <location filename="../../reception/ui/main_window.py" line="92" />
        <source>如 2026-01-000017</source>
        <translation>e.g. 2026-01-000017</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="49" />
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="82" />
        <source>打印预览 — {0}</source>
        <extracomment>a PrintOutcome after each print or save (the detail view logs it; tests wait on it)</extracomment>
        <translation>Print preview — {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="96" />
        <source>共 {0} 页</source>
        <translation>Pages: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="99" />
        <source>打印…（Ctrl+P）</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="102" />
        <source>另存为 PDF…（Ctrl+S）</source>
        <translation>Save as PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="103" />
        <source>关闭（Esc）</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="106" />
        <source>无法显示这个 PDF：{0}</source>
        <translation>Cannot show this PDF: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="166" />
        <source>正在发送到打印机 {0}…</source>
        <translation>Sending to printer {0}…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="169" />
        <source>已发送到打印机 {0}（作业 {1}）</source>
        <translation>Sent to printer {0} (job {1})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="189" />
        <source>本机没有可用的打印机，保存 PDF 也失败了：{0}</source>
        <translation>No printer on this PC, and saving the PDF failed too: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="195" />
        <source>本机没有可用的打印机。文书已保存为 PDF：{0}（可拷贝到有打印机的电脑打印）</source>
        <translation>No printer on this PC. The document was saved as PDF: {0} (copy it to a PC with a printer)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="205" />
        <source>打印失败：{0}</source>
        <translation>Printing failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="207" />
        <source>。文书已保存为 PDF：{0}</source>
        <translation>. The document was saved as PDF: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="225" />
        <source>不能保存到这里：{0}</source>
        <translation>Cannot save here: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="228" />
        <source>保存失败：{0}</source>
        <translation>Saving failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/print_preview.py" line="230" />
        <source>已保存到 {0}</source>
        <translation>Saved to {0}</translation>
    </message>
</context>
<context>
    <name>ReferDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="585" />
        <source>转送机关</source>
        <translation>Refer to</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="585" />
        <source>从机构目录中选择；目录中没有的请先在设置中添加</source>
        <translation>Choose from the agency directory; add a missing agency in Settings first</translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="646" />
        <source>信访人</source>
        <translation>Petitioner</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="648" />
        <source>来访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="369" />
        <location filename="../../reception/ui/pages/registration/form.py" line="583" />
        <source>手机或座机</source>
        <translation>Mobile or landline</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="399" />
        <source>证件号有误，请按提示改正后再登记</source>
        <translation>The ID number is wrong: correct it as shown, then register</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="404" />
        <source>正在登记…</source>
        <translation>Registering…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="422" />
        <source>未登记：{0}</source>
        <translation>Not registered: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="471" />
        <source>已登记 &lt;b&gt;{0}&lt;/b&gt;。本机尚未安装打印服务，回执未打印。 &lt;a href='open:{0}'&gt;打开事项&lt;/a&gt;</source>
        <translation>Registered &lt;b&gt;{0}&lt;/b&gt;. No printing service on this desk: no receipt printed. &lt;a href='open:{0}'&gt;Open matter&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="479" />
        <source>已登记 &lt;b&gt;{0}&lt;/b&gt;，正在生成回执…</source>
        <translation>Registered &lt;b&gt;{0}&lt;/b&gt;; preparing the receipt…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="506" />
        <source>还差 {0} 位</source>
        <translation>{0} more characters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="518" />
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="518" />
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="581" />
        <source>档案电话 {0}，未变可不填</source>
        <translation>Phone on file {0}; leave empty if unchanged</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="629" />
        <source>集体访推选代表不得超过 {0} 人（《信访工作条例》第二十条），其余人员请记为同行人员</source>
        <translation>A group may choose at most {0} representatives (Regulations art. 20); record the others as companions</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="644" />
        <source>来访人（代表）</source>
        <translation>Visitor (representative)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="663" />
        <source>暂存文件无法读取，已忽略：{0}</source>
        <translation>The draft file could not be read and was ignored: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="666" />
        <source>已恢复暂存的登记（{0}）</source>
        <translation>Draft restored (kept {0})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="715" />
        <source>{0} 日内告知：{1}</source>
        <translation>Notify within {0} days: {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="778" />
        <source>此人以前有 {0} 件事项</source>
        <translation>This person has {0} earlier matters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="784" />
        <source>查找此人档案失败：{0}</source>
        <translation>Looking up the person failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="817" />
        <source>第 {0} 行：{1}</source>
        <translation>Row {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="878" />
        <source>检举控告：信访人的身份不得透露给被反映对象（条例第三十条）</source>
        <translation>Complaint: the petitioner's identity must never reach the person complained about (art. 30)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="899" />
        <source>“{0}”不是有效日期，请写成 2026-12-10 这样</source>
        <translation>“{0}” is not a date; write it like 2026-12-10</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="920" />
        <source>（重件，关联 {0}）</source>
        <translation> (repeat, linked to {0})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="921" />
        <source>已登记 &lt;b&gt;{0}&lt;/b&gt;{1}  &lt;a href='open:{0}'&gt;打开事项&lt;/a&gt;</source>
        <translation>Registered &lt;b&gt;{0}&lt;/b&gt;{1}  &lt;a href='open:{0}'&gt;Open matter&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="931" />
        <source>登记失败，表单内容仍在：{0}</source>
        <translation>Registration failed; the form is kept: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="937" />
        <source>已登记 &lt;b&gt;{0}&lt;/b&gt;，回执已生成。 &lt;a href='preview:{1}'&gt;预览/打印回执 Ctrl+P&lt;/a&gt;  &lt;a href='open:{0}'&gt;打开事项&lt;/a&gt;</source>
        <translation>Registered &lt;b&gt;{0}&lt;/b&gt;; receipt ready. &lt;a href='preview:{1}'&gt;Preview/print receipt Ctrl+P&lt;/a&gt;  &lt;a href='open:{0}'&gt;Open matter&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="944" />
        <source>已登记 &lt;b&gt;{0}&lt;/b&gt;，但回执未能生成：{1}  &lt;a href='open:{0}'&gt;打开事项后补打&lt;/a&gt;</source>
        <translation>Registered &lt;b&gt;{0}&lt;/b&gt;, but the receipt failed: {1}  &lt;a href='open:{0}'&gt;Open the matter to reprint&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="963" />
        <source>还没有可预览的回执</source>
        <translation>No receipt to preview yet</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="976" />
        <source>登记回执 {0}</source>
        <translation>Receipt {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="990" />
        <source>没有设置暂存位置</source>
        <translation>No place to keep drafts is set</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="992" />
        <source>已暂存（{0}）：下次打开接待台时自动恢复</source>
        <translation>Draft kept ({0}); restored when the desk opens next</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="1006" />
        <source>已清空 · Ctrl+Z 撤销</source>
        <translation>Cleared · Ctrl+Z to undo</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="1006" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="1014" />
        <source>已恢复清空前的内容</source>
        <translation>Restored what was cleared</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="1021" />
        <source>此人没有可关联的以前事项</source>
        <translation>This person has no earlier matter to link</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="1024" />
        <source>本次登记将作为重件关联到 {0}</source>
        <translation>This registration will be a repeat of {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/form.py" line="1026" />
        <source>已取消关联 {0}</source>
        <translation>Unlinked {0}</translation>
    </message>
</context>
<context>
    <name>RegistrationLayout</name>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="64" />
        <source>来访</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="65" />
        <source>来信</source>
        <translation>Letter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="66" />
        <source>来电</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="67" />
        <source>网上</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="68" />
        <source>传真</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="73" />
        <source>本级登记</source>
        <translation>Own registration</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="74" />
        <source>上级转送</source>
        <translation>Forwarded from above</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="75" />
        <source>上级交办</source>
        <translation>Assigned from above</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="80" />
        <source>求决</source>
        <translation>Demand</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="81" />
        <source>申诉</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="82" />
        <source>意见建议</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="83" />
        <source>揭发控告</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="84" />
        <source>咨询</source>
        <translation>Inquiry</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="85" />
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="90" />
        <source>申诉求决类</source>
        <translation>Grievance / demand</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="91" />
        <source>建议意见类</source>
        <translation>Suggestion</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="92" />
        <source>检举控告类</source>
        <translation>Complaint / report</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="97" />
        <source>居民身份证</source>
        <translation>Resident ID card</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="98" />
        <source>护照</source>
        <translation>Passport</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="99" />
        <source>港澳通行证</source>
        <translation>HK/Macao permit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="100" />
        <source>台胞证</source>
        <translation>Taiwan compatriot permit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="101" />
        <source>其他证件</source>
        <translation>Other document</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="102" />
        <source>无证件</source>
        <translation>No document</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="107" />
        <source>同行人员</source>
        <translation>Companion</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="108" />
        <source>代表</source>
        <translation>Representative</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="109" />
        <source>代理人</source>
        <translation>Agent</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="110" />
        <source>信访人</source>
        <translation>Petitioner</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="166" />
        <source>来访人</source>
        <translation>Visitor</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="179" />
        <source>证件类型  Alt+T</source>
        <translation>Document type  Alt+T</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="183" />
        <source>刷身份证，或输入 18 位号码</source>
        <translation>Swipe the ID card or type the 18 characters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="202" />
        <source>证件号(&amp;I)</source>
        <translation>&amp;ID number</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="209" />
        <source>姓名(&amp;N)</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="214" />
        <source>手机或座机</source>
        <translation>Mobile or landline</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="216" />
        <source>电话(&amp;P)</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="221" />
        <source>现住址</source>
        <translation>Current address</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="223" />
        <source>住址(&amp;A)</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="225" />
        <source>集体访(&amp;J)</source>
        <translation>Group visit (&amp;J)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="228" />
        <source> 人</source>
        <translation> </translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="243" />
        <source>人数(&amp;C)</source>
        <translation>Head&amp;count</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="246" />
        <source>一人来访时不用填。
同行人员或集体访代表：按 Ins 添加一行</source>
        <translation>Leave empty for a single visitor.
Companions or group representatives: press Ins to add a row</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="248" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="248" />
        <source>证件号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="248" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="248" />
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="268" />
        <source>同行人员/代表(&amp;R)  ·  Ins 添加  Del 删除  F2 编辑</source>
        <translation>Companions / &amp;representatives  ·  Ins add  Del remove  F2 edit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="271" />
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="273" />
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="288" />
        <source>信访事项</source>
        <translation>Matter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="302" />
        <source>形式(&amp;W)</source>
        <translation>Channel (&amp;W)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="304" />
        <source>来源(&amp;S)</source>
        <translation>&amp;Source</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="313" />
        <source>目的(&amp;M)</source>
        <translation>Purpose (&amp;M)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="315" />
        <source>类别(&amp;K)</source>
        <translation>Category (&amp;K)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="322" />
        <source>信上落款日期，如 2026-11-20</source>
        <translation>Date on the letter, e.g. 2026-11-20</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="324" />
        <source>来信日期(&amp;X)</source>
        <translation>Letter date (&amp;X)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="333" />
        <source>转送/交办的上级机关</source>
        <translation>Agency that forwarded or assigned it</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="335" />
        <source>来源机关(&amp;G)</source>
        <translation>Source a&amp;gency</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="340" />
        <source>如 省公（信）转〔2026〕12号</source>
        <translation>e.g. 省公（信）转〔2026〕12号</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="341" />
        <source>来文编号(&amp;B)</source>
        <translation>Document num&amp;ber</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="343" />
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="346" />
        <source>反馈期限(&amp;Q)</source>
        <translation>Feedback due (&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="363" />
        <source>内容分类(&amp;Y)</source>
        <translation>Content t&amp;ype</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="369" />
        <source>问题发生地，如 湖北省武汉市武昌区</source>
        <translation>Where it happened, e.g. 湖北省武汉市武昌区</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="372" />
        <source>问题属地(&amp;D)</source>
        <translation>Locality (&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="378" />
        <source>主要事实：何时、何地、何事，信访人怎么说</source>
        <translation>Main facts: when, where, what, in the petitioner's words</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="381" />
        <source>摘要(&amp;Z)</source>
        <translation>Summary (&amp;Z)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="385" />
        <source>信访人的主要诉求</source>
        <translation>What the petitioner asks for</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="389" />
        <source>诉求(&amp;U)</source>
        <translation>Req&amp;uests</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="393" />
        <source>保密：不出现在给对方的文书上</source>
        <translation>Confidential: never on documents for the other side</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="396" />
        <source>被反映对象(&amp;V)</source>
        <translation>Accused (&amp;V)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="426" />
        <source>清空  Esc</source>
        <translation>Clear  Esc</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="427" />
        <source>暂存  Ctrl+S</source>
        <translation>Keep draft  Ctrl+S</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="428" />
        <source>登记并打印回执  Ctrl+Enter</source>
        <translation>Register and print receipt  Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="451" />
        <source>登记并打印回执</source>
        <translation>Register and print receipt</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="452" />
        <source>暂存</source>
        <translation>Keep draft</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="453" />
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="454" />
        <source>撤销清空</source>
        <translation>Undo clear</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="455" />
        <source>关联到所选的以前事项</source>
        <translation>Link to selected earlier matter</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="456" />
        <source>转到此人历史</source>
        <translation>Go to earlier matters</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="457" />
        <source>预览/打印上一张回执</source>
        <translation>Preview/print last receipt</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="458" />
        <source>转到证件类型</source>
        <translation>Go to document type</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="459" />
        <source>添加同行人员/代表</source>
        <translation>Add companion/representative</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/registration/layout.py" line="463" />
        <source>删除所选人员</source>
        <translation>Remove selected person</translation>
    </message>
</context>
<context>
    <name>RejectDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="537" />
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="540" />
        <source>告知去向</source>
        <translation>Direct to</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="550" />
        <source>告知信访人：{0}{1}</source>
        <translation>Tell the petitioner: {0}{1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="551" />
        <source>（须写明应向哪个机关提出）</source>
        <translation> (name the agency to turn to)</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="416" />
        <source>从备份恢复台账</source>
        <translation>Restore the ledger from a backup</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="422" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="426" />
        <source>备份文件(&amp;F)</source>
        <translation>Backup &amp;file</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="431" />
        <source>口令(&amp;P)</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="436" />
        <source>口令提示</source>
        <translation>Passphrase hint</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="438" />
        <source>读取备份内容</source>
        <translation>Read the backup</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="443" />
        <source>我确认用这份备份替换当前台账（当前台账会保留为 …before-restore-时间）</source>
        <translation>Replace the ledger with this backup (old kept as …before-restore-&lt;time&gt;)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="453" />
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="455" />
        <location filename="../../reception/ui/dialogs/backup.py" line="622" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="473" />
        <source>选择备份文件</source>
        <translation>Choose a backup file</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="476" />
        <source>接待台备份 (*{0})</source>
        <translation>Desk backup (*{0})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="498" />
        <source>请选择备份文件并输入口令</source>
        <translation>Choose a backup file and enter its passphrase</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="500" />
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="513" />
        <source>站点 {0}；备份时间 {1}；备份人 {2}
事项 {3} 件，人员 {4} 人，事件 {5} 条，文书 {6} 份；台账 {7}；程序版本 {8}，结构版本 {9}</source>
        <translation>Station {0}; backed up {1} by {2}
{3} matters, {4} persons, {5} events, {6} documents; ledger {7}; program version {8}, schema version {9}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="528" />
        <source>口令正确。恢复时会完整解密并校验全部数据。</source>
        <translation>Passphrase correct. Restoring decrypts and verifies all the data.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="557" />
        <location filename="../../reception/ui/dialogs/backup.py" line="592" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="558" />
        <source>正在恢复并校验…</source>
        <translation>Restoring and verifying…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="576" />
        <source>正在对照当前台账…</source>
        <translation>Comparing with the current ledger…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="590" />
        <source>仍然恢复(&amp;R)</source>
        <translation>&amp;Restore anyway</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="599" />
        <source>等</source>
        <translation> and more</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="601" />
        <source>备份之后登记的 {0} 件事项不在这份备份中（恢复后仍保留在原台账文件里）：{1}</source>
        <translation>{0} matters registered after this backup are not in it (they stay in the kept ledger file): {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="606" />
        <source>备份之后打印的 {0} 份文书的记录不在这份备份中</source>
        <translation>The records of {0} documents printed after this backup are not in it</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="608" />
        <source>事项编号</source>
        <translation>Matter numbers</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="608" />
        <source>文书编号</source>
        <translation>Document numbers</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="610" />
        <source>{0}（{1}）{2} 年第 {3}–{4} 号已经发出，恢复的台账不会再用</source>
        <translation>{0} ({1}) {2} nos. {3}–{4} were issued already; the restored ledger will not use them again</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/backup.py" line="625" />
        <source>已取消，当前台账未改动</source>
        <translation>Cancelled; the current ledger is unchanged</translation>
    </message>
</context>
<context>
    <name>ReturnVisitDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="696" />
        <source>满意度</source>
        <translation>Satisfaction</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="697" />
        <source>回访情况（可不填）</source>
        <translation>Return visit notes (optional)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="698" />
        <source>回访情况</source>
        <translation>Return visit notes</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="87" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="97" />
        <source>公安机关</source>
        <translation>Police</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="98" />
        <source>服务平台</source>
        <translation>Service platform</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="99" />
        <source>法院</source>
        <translation>Court</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="100" />
        <source>检察院</source>
        <translation>Procuratorate</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="101" />
        <source>纪委监委</source>
        <translation>Discipline inspection</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="102" />
        <source>政府部门</source>
        <translation>Government department</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="118" />
        <source>单位名称(&amp;A)</source>
        <translation>&amp;Agency name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="119" />
        <source>单位简称(&amp;S)</source>
        <translation>&amp;Short name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="120" />
        <source>工作站代码(&amp;C)</source>
        <translation>Station &amp;code</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="121" />
        <source>默认窗口号(&amp;W)</source>
        <translation>Default &amp;window</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="122" />
        <source>本机关地址(&amp;D)</source>
        <translation>Agency a&amp;ddress</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="123" />
        <source>本机关电话(&amp;P)</source>
        <translation>Agency &amp;phone</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="124" />
        <source>上一级机关(&amp;U)</source>
        <translation>S&amp;uperior agency</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="134" />
        <source>文书编号用，如 ××公</source>
        <translation>Used in document numbers, e.g. ××公</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="135" />
        <source>事项编号中间一段，如 01</source>
        <translation>Middle part of matter numbers, e.g. 01</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="136" />
        <source>本机未设窗口号时使用，命令行登记也用它</source>
        <translation>Used where a PC has no window of its own, and by the command line</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="137" />
        <location filename="../../reception/ui/dialogs/settings.py" line="138" />
        <source>印在告知书附注和回执上，可不填</source>
        <translation>Printed in the notices' footnote and on the receipt; optional</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="139" />
        <source>答复意见书写明向谁请求复查，如 ××省公安厅</source>
        <translation>Named in the reply as where to ask for review, e.g. ×× Provincial Public Security Department</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="143" />
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="145" />
        <source>备份提醒(&amp;B)</source>
        <translation>&amp;Backup reminder</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="147" />
        <source>超过这么多天未备份，状态栏的备份时间显示为红色</source>
        <translation>After this many days without a backup the status bar shows it in red</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="153" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="155" />
        <source>闲置锁定(&amp;K)</source>
        <translation>Idle loc&amp;k</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="157" />
        <source>无人操作这么久后锁定接待台，凭本人密码解锁，正在填写的内容保留</source>
        <translation>Locks the desk after this long idle; unlock with your password; input is kept</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="164" />
        <source>本机接待人(&amp;R)</source>
        <translation>Clerk at this PC (&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="170" />
        <source>空着则用默认窗口号</source>
        <translation>Empty: the default window</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="172" />
        <source>本机窗口号(&amp;N)</source>
        <translation>Window of this PC (&amp;N)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="174" />
        <source>几个窗口共用一个台账时，每台电脑填自己的窗口号，登记和回执上用它</source>
        <translation>Each PC sharing a ledger sets its own; used on registrations and receipts</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="181" />
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="183" />
        <source>重新打开接待台后生效</source>
        <translation>Takes effect when the desk is opened again</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="186" />
        <source>本单位与本机</source>
        <translation>Agency and this PC</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="193" />
        <source>代码</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="193" />
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="193" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="193" />
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="193" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="201" />
        <source>添加机构(&amp;N)</source>
        <translation>&amp;New agency</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="203" />
        <source>转送、交办、告知去向时从这里选择。双击或按 F2 修改；已有机构的代码不能改。</source>
        <translation>Chosen when forwarding, assigning or telling a visitor where to go. Double-click or F2 to edit; codes of existing agencies cannot change.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="212" />
        <source>机构目录</source>
        <translation>Agency directory</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="219" />
        <source>导入节假日文件…(&amp;I)</source>
        <translation>&amp;Import holiday file…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="265" />
        <source>账户</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="270" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="271" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="308" />
        <source>已有节假日安排的年份：{0}</source>
        <translation>Years with a holiday schedule: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="310" />
        <source>还没有节假日安排：工作日按周一至周五计算</source>
        <translation>No holiday schedule yet: working days are Monday to Friday</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="438" />
        <source>第 {0} 行：{1}</source>
        <translation>Row {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="409" />
        <source>接待人不能为空</source>
        <translation>The clerk's name is required</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="224" />
        <source>法定节假日和调休上班日按国务院办公厅每年的通知填写（格式见软件附带的节假日文件说明）。导入的文件经检查后保存在台账中，代替以前导入的同一年份；使用本台账的各接待台和命令行都按它计算，已登记事项的期限随即重新计算。</source>
        <translation>Statutory holidays and adjusted working days follow the State Council General Office's yearly notice (the format is described with the holiday file shipped with the desk). An imported file is checked and kept in the ledger, replacing the same years imported before; every desk and the command line using this ledger count with it, and the due dates of registered matters are counted again at once.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="238" />
        <source>期限计算</source>
        <translation>Counting periods</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="242" />
        <source>开始之日不计入期间，从次日起算(&amp;F)</source>
        <translation>The &amp;first day is not counted; counting starts the next day</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="243" />
        <source>届满日遇法定节假日，顺延至节假日后的第一日(&amp;H)</source>
        <translation>A period ending on a statutory &amp;holiday ends on the first day after it</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="244" />
        <source>届满日遇周末，顺延至下一个工作日(&amp;E)</source>
        <translation>A period ending on a week&amp;end ends on the next working day</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="254" />
        <source>保存后，已登记事项的期限按新的规则重新计算。</source>
        <translation>When saved, the due dates of registered matters are counted again by the new rules.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="260" />
        <source>节假日与期限</source>
        <translation>Holidays and periods</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="478" />
        <source>选择节假日文件</source>
        <translation>Choose a holiday file</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="481" />
        <source>节假日文件 (*.json)</source>
        <translation>Holiday files (*.json)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="491" />
        <source>没有本机数据目录，无法保存节假日文件</source>
        <translation>No data folder on this PC: the holiday file cannot be kept</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="502" />
        <source>无法复制节假日文件：{0}</source>
        <translation>The holiday file could not be copied: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/settings.py" line="504" />
        <source>已导入 {0} 年的节假日安排</source>
        <translation>Imported the holiday schedule for {0}</translation>
    </message>
</context>
<context>
    <name>SuperviseDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="629" />
        <source>督办意见：催办内容、要求的反馈时间</source>
        <translation>Supervision note: what to chase up, when feedback is due</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="630" />
        <source>督办意见</source>
        <translation>Supervision note</translation>
    </message>
</context>
<context>
    <name>SuperviseNoteDialog</name>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="73" />
        <source>督办 — {0}</source>
        <translation>Supervise — {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="76" />
        <source>督办　{0}</source>
        <translation>Supervise  {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="84" />
        <source>督办意见</source>
        <translation>Supervision note</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="86" />
        <source>催办内容、要求的反馈时间</source>
        <translation>What to chase up, when feedback is due</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="93" />
        <source>督办 (Ctrl+Enter)</source>
        <translation>Supervise (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="106" />
        <source>请填写督办意见</source>
        <translation>Enter a supervision note</translation>
    </message>
</context>
<context>
    <name>SupervisionBoard</name>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="159" />
        <location filename="../../reception/ui/pages/supervision.py" line="238" />
        <source>督办</source>
        <extracomment>a matter number to open (Enter or double-click on a row) a matter number after a 督办 was recorded on it the counts once the board is on screen (tests, the main window's badge)</extracomment>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="171" />
        <source>只看或不看此等级（按预警等级一栏）</source>
        <translation>Show or hide this level (by the Level column)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="175" />
        <source>Enter 打开事项　Ctrl+D 督办</source>
        <translation>Enter open matter   Ctrl+D supervise</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="178" />
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="222" />
        <source>当前时限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="222" />
        <location filename="../../reception/ui/pages/supervision.py" line="224" />
        <source>剩余</source>
        <translation>Left</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="224" />
        <source>反馈期限</source>
        <translation>Feedback due</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="226" />
        <source>答复时间</source>
        <translation>Replied</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="229" />
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="230" />
        <source>登记日期</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="231" />
        <source>信访人</source>
        <translation>Petitioner</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="232" />
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="233" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="234" />
        <source>承办单位</source>
        <translation>Handling unit</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="237" />
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="295" />
        <source>读取失败：{0}</source>
        <translation>Loading failed: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="300" />
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="307" />
        <source>{0}　{1}</source>
        <translation>{0}  {1}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="323" />
        <source>逾期 {0} 天</source>
        <translation>{0} days overdue</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="323" />
        <source>{0} 天</source>
        <translation>{0} days</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="354" />
        <source>显示前 {0} 件，共 {1} 件</source>
        <translation>First {0} of {1} matters shown</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="356" />
        <source>共 {0} 件</source>
        <translation>Matters: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="387" />
        <source>请先选中一件事项</source>
        <translation>Select a matter first</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/supervision.py" line="403" />
        <source>已督办 {0}（第 {1} 次）</source>
        <translation>Supervision recorded for {0} (no. {1})</translation>
    </message>
</context>
<context>
    <name>UnitReportDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="775" />
        <source>报告日期</source>
        <translation>Report date</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="776" />
        <source>承办单位报告的办理结果</source>
        <translation>The result the unit reports</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="777" />
        <source>报告内容</source>
        <translation>Report</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/idle_lock.py" line="111" />
        <source>接待台已锁定</source>
        <translation>Desk locked</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/idle_lock.py" line="114" />
        <source>接待台已锁定（{0}）。请输入 {0} 的密码解锁，正在填写的内容都已保留。</source>
        <translation>The desk is locked ({0}). Enter {0}'s password to unlock; everything being filled in is kept.</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/idle_lock.py" line="119" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/idle_lock.py" line="125" />
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/idle_lock.py" line="142" />
        <source>密码不对，请再试一次</source>
        <translation>Wrong password; try again</translation>
    </message>
</context>
<context>
    <name>_AccusedUnitConfirmation</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="564" />
        <source>确认转送、交办到被反映对象所在单位</source>
        <translation>Confirm sending to the unit of the person complained about</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="565" />
        <source>被反映对象</source>
        <translation>Person complained about</translation>
    </message>
</context>
<context>
    <name>_DateChip</name>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="296" />
        <source>不限</source>
        <translation>Any time</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="297" />
        <source>今天</source>
        <translation>today</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="298" />
        <source>近 7 天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="299" />
        <source>近 30 天</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="300" />
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="301" />
        <source>今年</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="307" />
        <source>自定义…</source>
        <translation>Custom…</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="339" />
        <source>登记日期 ▾</source>
        <translation>Registered ▾</translation>
    </message>
    <message>
        <location filename="../../reception/ui/pages/ledger.py" line="344" />
        <location filename="../../reception/ui/pages/ledger.py" line="348" />
        <source>登记日期：{0} 至 {1} ▾</source>
        <translation>Registered {0} – {1} ▾</translation>
    </message>
</context>
<context>
    <name>_OutcomeDialog</name>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="669" />
        <source>结论</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="671" />
        <source>条例第三十二条：Alt+1 予以支持 · Alt+2 解释说明 · Alt+3 不予支持</source>
        <translation>Regulations art. 32: Alt+1 supported · Alt+2 explained · Alt+3 not supported</translation>
    </message>
    <message>
        <location filename="../../reception/ui/dialogs/actions.py" line="673" />
        <source>事实、理由和依据</source>
        <translation>Facts, reasons and legal basis</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <location filename="../../reception/ui/printing.py" line="170" />
        <source>找不到 lp 命令（CUPS 未安装）</source>
        <translation>The lp command was not found (CUPS is not installed)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="197" />
        <source>无法读取 PDF：{0}</source>
        <translation>Cannot read the PDF: {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="200" />
        <source>PDF 没有页面</source>
        <translation>The PDF has no pages</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="211" />
        <source>没有选定打印机，无法开始打印</source>
        <translation>No printer is selected, so printing cannot start</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="212" />
        <source>打印机 {0} 无法开始打印</source>
        <translation>Printer {0} cannot start printing</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="244" />
        <source>已保存到 {0}</source>
        <translation>Saved to {0}</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="252" />
        <source>已发送到打印机 {0}（作业 {1}）</source>
        <translation>Sent to printer {0} (job {1})</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="259" />
        <source>已发送到打印机 {0}（{1} 页）</source>
        <translation>Sent to printer {0} ({1} pages)</translation>
    </message>
    <message>
        <location filename="../../reception/ui/printing.py" line="275" />
        <source>打印</source>
        <translation>Printed</translation>
    </message>
</context>
<context>
    <name>run_desk</name>
    <message>
        <location filename="../../reception/app.py" line="540" />
        <source>恢复失败</source>
        <extracomment>``reception bench`` follows the desk's start through these: ``stages(name, widget)`` is told "login ready" (the login dialog on screen, its first field taking keystrokes), "login idle" (what the desk prepares behind the dialog is done), "login accepted" (the password checked: told on the thread that checked it, the moment the check returned) and "window shown" (the main window) desk.json's note of the ledger this PC last logged in to (:func:`ledger_key`): on that ledger the login dialog is shown at once, before the ledger is opened the main window once built (hidden, signed in to no one) the ledger opened behind the dialog has no account: the first start's dialog is needed instead what opening the ledger behind the dialog raised the main window built behind the dialog (hidden, for no one yet), None when cancelled (or without ``build``) the settings the window shows at sign-in, read on the thread that checked the password (None: not read)</extracomment>
        <translation>Restore failed</translation>
    </message>
    <message>
        <location filename="../../reception/app.py" line="571" />
        <source>无法打开台账</source>
        <translation>Cannot open the ledger</translation>
    </message>
</context>
</TS>