<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AugmentForm</name>
    <message>
        <source>Horizontal flip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <source>Vertical flip</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <source>Colour jitter</source>
        <translation>颜色抖动</translation>
    </message>
    <message>
        <source>&lt;b&gt;Augmentation&lt;/b&gt; (training batches only)</source>
        <translation>&lt;b&gt;数据增强&lt;/b&gt;（仅用于训练批次）</translation>
    </message>
    <message>
        <source>New draw</source>
        <translation>重新抽样</translation>
    </message>
    <message>
        <source>Show other random draws of the same settings</source>
        <translation>用相同设置显示另一组随机样本</translation>
    </message>
    <message>
        <source>Augment: {name}</source>
        <translation>数据增强：{name}</translation>
    </message>
    <message>
        <source>No {name}</source>
        <translation>取消{name}</translation>
    </message>
    <message>
        <source>Set {step} {setting}</source>
        <translation>设置{step}的{setting}</translation>
    </message>
    <message>
        <source>No augmentation: training sees the samples as stored.</source>
        <translation>无数据增强：训练使用原始样本。</translation>
    </message>
    <message>
        <source>No preview: {error}</source>
        <translation>无法预览：{error}</translation>
    </message>
    <message>
        <source>Gaussian noise is added to the features of each training batch.</source>
        <translation>每个训练批次的特征都会加上高斯噪声。</translation>
    </message>
    <message>
        <source>Left: as stored. Right: {n} random training versions.</source>
        <translation>左：原始样本。右：{n} 个随机训练版本。</translation>
    </message>
    <message>
        <source>{name}, training draw {n}</source>
        <translation>{name}，训练样本 {n}</translation>
    </message>
</context>
<context>
    <name>CanvasMenus</name>
    <message>
        <source>Dis&amp;connect</source>
        <translation>断开连接(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help: {type}</source>
        <translation>帮助(&amp;H)：{type}</translation>
    </message>
    <message>
        <source>&amp;Delete Connection</source>
        <translation>删除连接(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Insert Layer Here</source>
        <translation>在此插入层(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Paste Here</source>
        <translation>粘贴到此处(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Add Layer Here</source>
        <translation>在此添加层(&amp;A)</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Connect {source} → {target}</source>
        <translation>连接 {source} → {target}</translation>
    </message>
    <message>
        <source>Disconnect {source} → {target}</source>
        <translation>断开 {source} → {target}</translation>
    </message>
    <message>
        <source>Set {node}.{param}</source>
        <translation>设置 {node}.{param}</translation>
    </message>
    <message>
        <source>Unfreeze {node}</source>
        <translation>解冻 {node}</translation>
    </message>
    <message>
        <source>Freeze {node}</source>
        <translation>冻结 {node}</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Rename {old} → {new}</source>
        <translation>重命名 {old} → {new}</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>Train a classifier to see which classes it confuses.</source>
        <translation>训练一个分类器，看看它会混淆哪些类别。</translation>
    </message>
    <message>
        <source>Confusion matrix (validation rows)</source>
        <translation>混淆矩阵（验证集）</translation>
    </message>
    <message>
        <source>No confusion matrix: the last run was not a classifier.</source>
        <translation>没有混淆矩阵：上一次运行不是分类器。</translation>
    </message>
    <message>
        <source>pred {label}</source>
        <translation>预测 {label}</translation>
    </message>
    <message>
        <source>true {label}</source>
        <translation>真实 {label}</translation>
    </message>
    <message>
        <source>{correct} of {total} right ({share}).</source>
        <translation>{total} 个中答对 {correct} 个（{share}）。</translation>
    </message>
</context>
<context>
    <name>DataForm</name>
    <message>
        <source>Choose a data source</source>
        <translation>选择数据来源</translation>
    </message>
    <message>
        <source>Choose the column to predict</source>
        <translation>选择要预测的列</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>Feature columns</source>
        <translation>特征列</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>&lt;b&gt;Preview&lt;/b&gt;</source>
        <translation>&lt;b&gt;预览&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Set data {setting}</source>
        <translation>设置数据的{setting}</translation>
    </message>
    <message>
        <source>Use {source} data</source>
        <translation>使用 {source} 数据</translation>
    </message>
    <message>
        <source>The project has no data yet: choose where it comes from.</source>
        <translation>项目还没有数据：请选择数据来源。</translation>
    </message>
</context>
<context>
    <name>DevicePicker</name>
    <message>
        <source>Looking for devices…</source>
        <translation>正在查找设备…</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Best available ({device})</source>
        <translation>最佳可用（{device}）</translation>
    </message>
    <message>
        <source>Best available</source>
        <translation>最佳可用</translation>
    </message>
    <message>
        <source>Train on {device}</source>
        <translation>在 {device} 上训练</translation>
    </message>
    <message>
        <source>needs ≈ {size}</source>
        <translation>需要约 {size}</translation>
    </message>
    <message>
        <source> of {size} free</source>
        <translation>，可用 {size}</translation>
    </message>
    <message>
        <source>⚠ {need}: will not fit; lower the batch size</source>
        <translation>⚠ {need}：放不下；请减小批大小</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>The graph is locked while training runs; stop training to edit.</source>
        <translation>训练期间图已锁定；停止训练后才能编辑。</translation>
    </message>
    <message>
        <source>Add {node}</source>
        <translation>添加 {node}</translation>
    </message>
    <message>
        <source>{type} takes no input, so it cannot go on an edge</source>
        <translation>{type} 没有输入，不能放在连接上</translation>
    </message>
    <message>
        <source>Cannot insert {type} there: {reason}</source>
        <translation>无法在此插入 {type}：{reason}</translation>
    </message>
    <message>
        <source>Insert {node}</source>
        <translation>插入 {node}</translation>
    </message>
    <message>
        <source>Delete {node}</source>
        <translation>删除 {node}</translation>
    </message>
    <message>
        <source>Delete {n} nodes</source>
        <translation>删除 {n} 个节点</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Disconnect {node}</source>
        <translation>断开 {node}</translation>
    </message>
    <message>
        <source>Disconnect {n} nodes</source>
        <translation>断开 {n} 个节点</translation>
    </message>
    <message>
        <source>A node cannot feed itself.</source>
        <translation>节点不能连接到自身。</translation>
    </message>
    <message>
        <source>{node} is an {type} node: it takes no input.</source>
        <translation>{node} 是 {type} 节点：它没有输入。</translation>
    </message>
    <message>
        <source>Connecting {source} → {target} would create a cycle.</source>
        <translation>连接 {source} → {target} 会形成环。</translation>
    </message>
    <message>
        <source>Cannot connect {source} → {target}: {reason}</source>
        <translation>无法连接 {source} → {target}：{reason}</translation>
    </message>
    <message>
        <source>Connect {source} → {target}</source>
        <translation>连接 {source} → {target}</translation>
    </message>
    <message>
        <source>There is already a node called &apos;{node}&apos;.</source>
        <translation>已经有名为“{node}”的节点。</translation>
    </message>
    <message>
        <source>Left-to-right layout</source>
        <translation>从左到右布局</translation>
    </message>
    <message>
        <source>Top-to-bottom layout</source>
        <translation>从上到下布局</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>Cannot paste: the clipboard holds no LayerLab nodes ({error}).</source>
        <translation>无法粘贴：剪贴板中没有 LayerLab 节点（{error}）。</translation>
    </message>
    <message>
        <source>Paste {n} node</source>
        <translation>粘贴 {n} 个节点</translation>
    </message>
    <message>
        <source>Paste {n} nodes</source>
        <translation>粘贴 {n} 个节点</translation>
    </message>
    <message>
        <source>an edge leaves the copied nodes</source>
        <translation>有连接通向所复制节点之外</translation>
    </message>
</context>
<context>
    <name>ErrorPanel</name>
    <message>
        <source>Training diverged</source>
        <translation>训练发散</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Training anyway, but check these:</source>
        <translation>仍在训练，但请检查以下各项：</translation>
    </message>
    <message>
        <source>Training anyway, but check this:</source>
        <translation>仍在训练，但请检查这一项：</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>LayerLab projects (*.layerlab);;All files (*)</source>
        <translation>LayerLab 项目 (*.layerlab);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Open R&amp;un…</source>
        <translation>打开运行记录(&amp;U)…</translation>
    </message>
    <message>
        <source>Follow a run folder that `layerlab train` writes</source>
        <translation>跟踪 `layerlab train` 写入的运行文件夹</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <source>Cannot open run</source>
        <translation>无法打开运行记录</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save changes to {name}?</source>
        <translation>保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
</context>
<context>
    <name>FollowedRun</name>
    <message>
        <source>following the run in {folder}</source>
        <translation>正在跟踪 {folder} 中的运行</translation>
    </message>
</context>
<context>
    <name>GraphScene</name>
    <message>
        <source>Move {node}</source>
        <translation>移动 {node}</translation>
    </message>
    <message>
        <source>Move {n} nodes</source>
        <translation>移动 {n} 个节点</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <source>Nudge</source>
        <translation>微移</translation>
    </message>
    <message>
        <source>Training — the graph is locked</source>
        <translation>训练中——图已锁定</translation>
    </message>
</context>
<context>
    <name>HealthOverlay</name>
    <message>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>Update / weight ratio</source>
        <translation>更新量/权重比</translation>
    </message>
    <message>
        <source>Activation std</source>
        <translation>激活标准差</translation>
    </message>
    <message>
        <source>Activation mean</source>
        <translation>激活均值</translation>
    </message>
    <message>
        <source>Dead units (ReLU-like layers)</source>
        <translation>死亡单元 (类 ReLU 层)</translation>
    </message>
    <message>
        <source>Layer &amp;Health</source>
        <translation>层健康度(&amp;H)</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>the first non-finite output is at node &apos;{node}&apos;</source>
        <translation>第一个非有限输出出现在节点“{node}”</translation>
    </message>
    <message>
        <source>first NaN/Inf here</source>
        <translation>首个 NaN/Inf 在此</translation>
    </message>
    <message>
        <source>non-finite output</source>
        <translation>非有限输出</translation>
    </message>
    <message>
        <source>{name} at step {step}: {value}</source>
        <translation>{name}（第 {step} 步）：{value}</translation>
    </message>
    <message>
        <source>not measured here</source>
        <translation>此处未测量</translation>
    </message>
    <message>
        <source>{sparkline} over {n} samples</source>
        <translation>{sparkline}（共 {n} 个样本）</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Training device</source>
        <translation>训练设备</translation>
    </message>
    <message>
        <source>Build neural networks by drawing them, train them, and export them as PyTorch code or ONNX.</source>
        <translation>画出神经网络，训练它们，并导出为 PyTorch 代码或 ONNX。</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>&amp;Explain Selected Layer</source>
        <translation>解释所选层(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Layer Reference</source>
        <translation>层参考(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;First Model…</source>
        <translation>第一个模型(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;About LayerLab</source>
        <translation>关于 LayerLab(&amp;A)</translation>
    </message>
    <message>
        <source>About LayerLab</source>
        <translation>关于 LayerLab</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>Select a layer on the canvas to see what it computes.</source>
        <translation>在画布上选择一个层，即可看到它计算什么。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import PyTorch Module from {file}</source>
        <translation>从 {file} 导入 PyTorch 模块</translation>
    </message>
    <message>
        <source>one sample, no batch: 10 or 3,32,32</source>
        <translation>单个样本，不含批维度：10 或 3,32,32</translation>
    </message>
    <message>
        <source>The shape of one sample, without the batch dimension: 10 for ten features, 3,32,32 for a colour image. Several forward inputs: separate them with ;</source>
        <translation>单个样本的形状，不含批维度：10 表示十个特征，3,32,32 表示一张彩色图像。forward 有多个输入时用 ; 分隔</translation>
    </message>
    <message>
        <source>Importing runs the code in {file} (it is imported and the class is created and called). Only import files you trust.</source>
        <translation>导入会运行 {file} 中的代码（导入该文件，创建并调用该类）。只导入你信任的文件。</translation>
    </message>
    <message>
        <source>Run and Import</source>
        <translation>运行并导入</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类：</translation>
    </message>
    <message>
        <source>Input shape:</source>
        <translation>输入形状：</translation>
    </message>
</context>
<context>
    <name>Interop</name>
    <message>
        <source>PyTorch code</source>
        <translation>PyTorch 代码</translation>
    </message>
    <message>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>PyTorch code (.py)…</source>
        <translation>PyTorch 代码 (.py)…</translation>
    </message>
    <message>
        <source>ONNX (.onnx)…</source>
        <translation>ONNX (.onnx)…</translation>
    </message>
    <message>
        <source>Weights (*.safetensors)</source>
        <translation>权重 (*.safetensors)</translation>
    </message>
    <message>
        <source>&amp;Import Model (PyTorch or ONNX)…</source>
        <translation>导入模型（PyTorch 或 ONNX）(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>Untrained weights: the graph changed since the last training run.</source>
        <translation>未训练的权重：自上次训练以来图已改变。</translation>
    </message>
    <message>
        <source>Untrained weights: there is no trained model yet (train with F5 first).</source>
        <translation>未训练的权重：还没有训练好的模型（请先按 F5 训练）。</translation>
    </message>
    <message>
        <source>Wrote {file} ({format}).</source>
        <translation>已写入 {file}（{format}）。</translation>
    </message>
    <message>
        <source>Largest difference vs LayerLab: {diff} (tolerance {tolerance}) on {n} random samples.</source>
        <translation>与 LayerLab 的最大差异：{diff}（容差 {tolerance}），基于 {n} 个随机样本。</translation>
    </message>
    <message>
        <source>With the trained weights, written next to it as {file}:</source>
        <translation>训练好的权重已写在旁边，文件名为 {file}：</translation>
    </message>
    <message>
        <source>With the trained weights (inside the file).</source>
        <translation>包含训练好的权重（在文件内）。</translation>
    </message>
    <message>
        <source>Exporting {file}…</source>
        <translation>正在导出 {file}…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export with which weights?</source>
        <translation>用哪份权重导出？</translation>
    </message>
    <message>
        <source>No model trained in this session fits this graph, so the export would carry fresh, untrained weights.</source>
        <translation>本次会话中没有与此图匹配的已训练模型，导出的将是全新的未训练权重。</translation>
    </message>
    <message>
        <source>{file} in the project&apos;s folder fits this graph.</source>
        <translation>项目文件夹中的 {file} 与此图匹配。</translation>
    </message>
    <message>
        <source>Use {file}</source>
        <translation>使用 {file}</translation>
    </message>
    <message>
        <source>Choose Weights…</source>
        <translation>选择权重…</translation>
    </message>
    <message>
        <source>Export Untrained</source>
        <translation>导出未训练的权重</translation>
    </message>
    <message>
        <source>Weights to export with</source>
        <translation>用于导出的权重</translation>
    </message>
    <message>
        <source>Cannot use these weights</source>
        <translation>无法使用这些权重</translation>
    </message>
    <message>
        <source>Export {format}</source>
        <translation>导出 {format}</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>Import PyTorch module or ONNX model</source>
        <translation>导入 PyTorch 模块或 ONNX 模型</translation>
    </message>
    <message>
        <source>Models (*.py *.onnx);;Python files (*.py);;ONNX files (*.onnx)</source>
        <translation>模型 (*.py *.onnx);;Python 文件 (*.py);;ONNX 文件 (*.onnx)</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>{file}: cannot read: {error}</source>
        <translation>{file}：无法读取：{error}</translation>
    </message>
    <message>
        <source>{file}:{line}: not valid Python: {error}</source>
        <translation>{file}:{line}：不是有效的 Python：{error}</translation>
    </message>
    <message>
        <source>Importing {name}…</source>
        <translation>正在导入 {name}…</translation>
    </message>
    <message>
        <source>Import of {name} cancelled.</source>
        <translation>已取消导入 {name}。</translation>
    </message>
    <message>
        <source>Imported {name} with its weights: {n} nodes; largest difference vs the original: {diff}.</source>
        <translation>已导入 {name} 及其权重：{n} 个节点；与原模型的最大差异：{diff}。</translation>
    </message>
    <message>
        <source> (weights not loaded: {error})</source>
        <translation>（权重未加载：{error}）</translation>
    </message>
    <message>
        <source>Imported {name}</source>
        <translation>已导入 {name}</translation>
    </message>
    <message>
        <source>Wait for the running export or import.</source>
        <translation>请等待正在进行的导出或导入完成。</translation>
    </message>
</context>
<context>
    <name>LRFinderDialog</name>
    <message>
        <source>Find learning rate</source>
        <translation>寻找学习率</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑）</translation>
    </message>
    <message>
        <source>Sweeping the learning rate on a copy of the model…</source>
        <translation>正在模型副本上扫描学习率…</translation>
    </message>
    <message>
        <source>Use suggested rate</source>
        <translation>使用建议的学习率</translation>
    </message>
    <message>
        <source>Use {lr}</source>
        <translation>使用 {lr}</translation>
    </message>
    <message>
        <source>The sweep failed: {error}</source>
        <translation>扫描失败：{error}</translation>
    </message>
    <message>
        <source>Set learning rate to {lr}</source>
        <translation>将学习率设为 {lr}</translation>
    </message>
    <message>
        <source>Find learning rate…</source>
        <translation>寻找学习率…</translation>
    </message>
    <message>
        <source>Sweep the learning rate on a copy of the model and suggest one (changes nothing until you click Use)</source>
        <translation>在模型副本上扫描学习率并给出建议（点击“使用”之前不会改变任何设置）</translation>
    </message>
</context>
<context>
    <name>LayerReference</name>
    <message>
        <source>Layer Reference — LayerLab</source>
        <translation>层参考 — LayerLab</translation>
    </message>
    <message>
        <source>Find a layer, loss or optimizer…</source>
        <translation>查找层、损失函数或优化器…</translation>
    </message>
    <message>
        <source>Choose a layer, loss or optimizer on the left, or type its name above.</source>
        <translation>在左侧选择一个层、损失函数或优化器，或在上方输入它的名称。</translation>
    </message>
</context>
<context>
    <name>LivePlots</name>
    <message>
        <source>Training loss per step</source>
        <translation>每步训练损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Loss per epoch</source>
        <translation>每轮损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Metrics per epoch</source>
        <translation>每轮指标</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>run {n}</source>
        <translation>运行 {n}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>创建副本(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Auto-&amp;layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>Lay Out Left to &amp;Right</source>
        <translation>从左到右布局(&amp;R)</translation>
    </message>
    <message>
        <source>Lay Out &amp;Top to Bottom</source>
        <translation>从上到下布局(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>{n} params</source>
        <translation>{n} 个参数</translation>
    </message>
    <message>
        <source>≈ {size} to train</source>
        <translation>训练约需 {size}</translation>
    </message>
    <message>
        <source>{n} error</source>
        <translation>{n} 个错误</translation>
    </message>
    <message>
        <source>{n} errors</source>
        <translation>{n} 个错误</translation>
    </message>
    <message>
        <source>{n} warning</source>
        <translation>{n} 个警告</translation>
    </message>
    <message>
        <source>{n} warnings</source>
        <translation>{n} 个警告</translation>
    </message>
    <message>
        <source>no problems</source>
        <translation>没有问题</translation>
    </message>
    <message>
        <source>The clipboard holds no LayerLab nodes.</source>
        <translation>剪贴板中没有 LayerLab 节点。</translation>
    </message>
    <message>
        <source>an untitled project</source>
        <translation>一个未命名项目</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>LayerLab did not close properly. Recover the changes to {name} autosaved at {time}?</source>
        <translation>LayerLab 上次没有正常关闭。要恢复 {time} 自动保存的 {name} 的更改吗？</translation>
    </message>
    <message>
        <source>Cannot recover</source>
        <translation>无法恢复</translation>
    </message>
</context>
<context>
    <name>PalettePanel</name>
    <message>
        <source>Search layers…</source>
        <translation>搜索层…</translation>
    </message>
    <message>
        <source>Type to filter; Enter adds the first match to the canvas</source>
        <translation>输入以筛选；按 Enter 把第一个匹配项添加到画布</translation>
    </message>
    <message>
        <source>No layer matches “{text}”.</source>
        <translation>没有与“{text}”匹配的层。</translation>
    </message>
</context>
<context>
    <name>ParamEditor</name>
    <message>
        <source>e.g. 1, 28, 28</source>
        <translation>例如 1, 28, 28</translation>
    </message>
    <message>
        <source>e.g. 3 or 3, 3</source>
        <translation>例如 3 或 3, 3</translation>
    </message>
    <message>
        <source>e.g. 0.5</source>
        <translation>例如 0.5</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>empty = none</source>
        <translation>留空表示无</translation>
    </message>
    <message>
        <source>{example} (empty = none)</source>
        <translation>{example}（留空表示无）</translation>
    </message>
    <message>
        <source>expects true or false</source>
        <translation>需要 true 或 false</translation>
    </message>
    <message>
        <source>expects numbers, like {example}</source>
        <translation>需要数字，例如 {example}</translation>
    </message>
    <message>
        <source>expects whole numbers, like {example}</source>
        <translation>需要整数，例如 {example}</translation>
    </message>
    <message>
        <source>needs a value</source>
        <translation>需要一个值</translation>
    </message>
    <message>
        <source>expects a single number</source>
        <translation>需要单个数字</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose {what}</source>
        <translation>选择{what}</translation>
    </message>
</context>
<context>
    <name>PortItem</name>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>input {n}</source>
        <translation>输入 {n}</translation>
    </message>
    <message>
        <source>{node}: {port} — drag to connect</source>
        <translation>{node}：{port}——拖动以连接</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>{n} nodes: {message}</source>
        <translation>{n} 个节点：{message}</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>没有发现问题。</translation>
    </message>
    <message>
        <source>Fix: {fix}</source>
        <translation>修复：{fix}</translation>
    </message>
    <message>
        <source>Click to apply this fix (Ctrl+Z undoes it)</source>
        <translation>点击应用此修复（Ctrl+Z 可撤销）</translation>
    </message>
</context>
<context>
    <name>PropertiesPanel</name>
    <message>
        <source>Select one node to edit its settings.
Double-click a node to jump here.</source>
        <translation>选择一个节点以编辑其设置。
双击节点可跳转到这里。</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>train these weights</source>
        <translation>训练这些权重</translation>
    </message>
    <message>
        <source>Untick to freeze the layer (e.g. to fine-tune a model)</source>
        <translation>取消勾选以冻结该层（例如微调模型时）</translation>
    </message>
    <message>
        <source>trainable</source>
        <translation>可训练</translation>
    </message>
</context>
<context>
    <name>RunRecord</name>
    <message>
        <source>starting</source>
        <translation>正在开始</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>已提前停止</translation>
    </message>
    <message>
        <source>Run {n}</source>
        <translation>运行 {n}</translation>
    </message>
</context>
<context>
    <name>RunView</name>
    <message>
        <source>Press F5 to train.</source>
        <translation>按 F5 开始训练。</translation>
    </message>
    <message>
        <source>Curves appear here when training starts.</source>
        <translation>训练开始后曲线会显示在这里。</translation>
    </message>
    <message>
        <source>Paused · %p%</source>
        <translation>已暂停 · %p%</translation>
    </message>
    <message>
        <source> at epoch {epoch}/{epochs}, batch {batch}/{batches}</source>
        <translation>于第 {epoch}/{epochs} 轮、第 {batch}/{batches} 批</translation>
    </message>
    <message>
        <source>{run} paused{where} · F6 resumes, Shift+F5 stops</source>
        <translation>{run} 已暂停{where} · F6 继续，Shift+F5 停止</translation>
    </message>
    <message>
        <source>{run}: resuming…</source>
        <translation>{run}：正在继续…</translation>
    </message>
    <message>
        <source>warning: {message}</source>
        <translation>警告：{message}</translation>
    </message>
    <message>
        <source>{run}: starting…</source>
        <translation>{run}：正在开始…</translation>
    </message>
    <message>
        <source>{run} starting on {device}</source>
        <translation>{run} 在 {device} 上开始</translation>
    </message>
    <message>
        <source>{device_name} ({device}) · {n_train} training and {n_val} validation samples · {params} params</source>
        <translation>{device_name}（{device}）· {n_train} 个训练样本和 {n_val} 个验证样本 · {params} 个参数</translation>
    </message>
    <message>
        <source>{run}: {epochs} epochs of {steps_per_epoch} steps (batch {batch_size}) on {device}</source>
        <translation>{run}：{epochs} 轮，每轮 {steps_per_epoch} 步（批大小 {batch_size}），设备 {device}</translation>
    </message>
    <message>
        <source>{run} · epoch {epoch}/{epochs} · batch {batch}/{batches} · {speed} samples/s · ETA {eta} · loss {loss}</source>
        <translation>{run} · 第 {epoch}/{epochs} 轮 · 第 {batch}/{batches} 批 · {speed} 样本/秒 · 剩余 {eta} · 损失 {loss}</translation>
    </message>
    <message>
        <source>decoding images · {done}/{total} files</source>
        <translation>正在解码图像 · {done}/{total} 个文件</translation>
    </message>
    <message>
        <source>epoch {epoch}: {metrics}</source>
        <translation>第 {epoch} 轮：{metrics}</translation>
    </message>
    <message>
        <source>{run} · epoch {epoch}/{epochs} · {metrics}</source>
        <translation>{run} · 第 {epoch}/{epochs} 轮 · {metrics}</translation>
    </message>
    <message>
        <source>{run} {status} in {seconds} s</source>
        <translation>{run} {status}，用时 {seconds} 秒</translation>
    </message>
    <message>
        <source>diverged: </source>
        <translation>发散：</translation>
    </message>
    <message>
        <source>failed: </source>
        <translation>失败：</translation>
    </message>
</context>
<context>
    <name>RunsTable</name>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;CSV table (*.csv)</source>
        <translation>PNG 图像 (*.png);;SVG 图像 (*.svg);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Export curves…</source>
        <translation>导出曲线…</translation>
    </message>
    <message>
        <source>The selected run&apos;s curves as PNG, SVG or CSV</source>
        <translation>把所选运行的曲线导出为 PNG、SVG 或 CSV</translation>
    </message>
    <message>
        <source>Open the project&apos;s run folders</source>
        <translation>打开项目的运行文件夹</translation>
    </message>
    <message>
        <source>Add every run under runs/ beside the project file</source>
        <translation>添加项目文件旁 runs/ 下的所有运行</translation>
    </message>
    <message>
        <source>best {metric}</source>
        <translation>最佳 {metric}</translation>
    </message>
    <message>
        <source>Export curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>What does this do?</source>
        <translation>这是做什么的？</translation>
    </message>
    <message>
        <source>auto: cross-entropy for classes, BCE for one output, MSE for values</source>
        <translation>auto：分类用交叉熵，单输出用 BCE，数值用 MSE</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Set {setting}</source>
        <translation>设置{setting}</translation>
    </message>
    <message>
        <source>Set {setting} to {value}</source>
        <translation>将{setting}设为 {value}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>Zoom about the pointer</source>
        <translation>以指针为中心缩放</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation>鼠标滚轮</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Middle-drag, or Space + drag</source>
        <translation>中键拖动，或按住空格拖动</translation>
    </message>
    <message>
        <source>Connect two layers</source>
        <translation>连接两个层</translation>
    </message>
    <message>
        <source>Drag from a port to a port</source>
        <translation>从一个端口拖到另一个端口</translation>
    </message>
    <message>
        <source>Insert a layer into a connection</source>
        <translation>在连接中插入层</translation>
    </message>
    <message>
        <source>Drop it from the palette onto the edge</source>
        <translation>从层面板拖放到连接上</translation>
    </message>
    <message>
        <source>Move selected layers by one grid step</source>
        <translation>将所选层移动一格</translation>
    </message>
    <message>
        <source>Arrow keys</source>
        <translation>方向键</translation>
    </message>
    <message>
        <source>Edit a layer&apos;s settings</source>
        <translation>编辑层的设置</translation>
    </message>
    <message>
        <source>Double-click it</source>
        <translation>双击它</translation>
    </message>
    <message>
        <source>Menu for a layer, connection or the canvas</source>
        <translation>层、连接或画布的菜单</translation>
    </message>
    <message>
        <source>Right-click</source>
        <translation>右键单击</translation>
    </message>
    <message>
        <source>Layers palette</source>
        <translation>层面板</translation>
    </message>
    <message>
        <source>Add the first layer found</source>
        <translation>添加第一个找到的层</translation>
    </message>
    <message>
        <source>Type in the search box, Enter</source>
        <translation>在搜索框中输入，按 Enter</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts — LayerLab</source>
        <translation>键盘快捷键 — LayerLab</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>{n} params · training memory ≈ {size} (batch {batch}, {optimizer})</source>
        <translation>{n} 个参数 · 训练内存约 {size}（批大小 {batch}，{optimizer}）</translation>
    </message>
</context>
<context>
    <name>SweepWorker</name>
    <message>
        <source>the sweep stopped by an unexpected error: {error}</source>
        <translation>扫描因意外错误而停止：{error}</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Weights (*.safetensors);;All files (*)</source>
        <translation>权重 (*.safetensors);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;Weights…</source>
        <translation>保存权重(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Load Weights…</source>
        <translation>加载权重(&amp;L)…</translation>
    </message>
    <message>
        <source>Start From Loaded &amp;Weights</source>
        <translation>从已加载的权重开始(&amp;W)</translation>
    </message>
    <message>
        <source>F5 fine-tunes the loaded or imported weights instead of starting fresh</source>
        <translation>F5 在已加载或导入的权重上微调，而不是从头开始</translation>
    </message>
    <message>
        <source>Train the model on the project&apos;s data (F5)</source>
        <translation>用项目数据训练模型（F5）</translation>
    </message>
    <message>
        <source>Stop training, keeping what was learned (Shift+F5)</source>
        <translation>停止训练，保留已学到的内容（Shift+F5）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>fix the problems first (see Problems): {problems}</source>
        <translation>请先修复问题（见“问题”面板）：{problems}</translation>
    </message>
    <message>
        <source>starting from the weights in {file} (fine-tuning)</source>
        <translation>从 {file} 中的权重开始（微调）</translation>
    </message>
    <message>
        <source>Data outside the project folder</source>
        <translation>项目文件夹之外的数据</translation>
    </message>
    <message>
        <source>This project reads data from outside its folder:
{files}

Training reads these files and stores their class names in the weights. Train only if you trust where this project came from. Train now?</source>
        <translation>此项目会读取其文件夹之外的数据：
{files}

训练会读取这些文件，并把类别名称存入权重。只有信任此项目的来源时才训练。现在训练吗？</translation>
    </message>
    <message>
        <source>resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <source>paused (the run waits before its next batch)</source>
        <translation>已暂停（运行在下一批之前等待）</translation>
    </message>
    <message>
        <source>stopping after this batch…</source>
        <translation>本批结束后停止…</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close?</source>
        <translation>训练正在进行。停止并关闭吗？</translation>
    </message>
    <message>
        <source>Check to overlay its curves.</source>
        <translation>勾选以叠加显示其曲线。</translation>
    </message>
    <message>
        <source>loaded weights from {file}; F5 starts from them</source>
        <translation>已从 {file} 加载权重；F5 将从这些权重开始</translation>
    </message>
    <message>
        <source>the weights in {file}</source>
        <translation>{file} 中的权重</translation>
    </message>
    <message>
        <source>fresh weights</source>
        <translation>全新权重</translation>
    </message>
    <message>
        <source>F5 starts from {weights}</source>
        <translation>F5 将从{weights}开始</translation>
    </message>
    <message>
        <source>the loaded weights no longer fit the graph, starting fresh: {error}</source>
        <translation>已加载的权重不再适合此图，从头开始：{error}</translation>
    </message>
    <message>
        <source>Save weights</source>
        <translation>保存权重</translation>
    </message>
    <message>
        <source>Cannot save weights</source>
        <translation>无法保存权重</translation>
    </message>
    <message>
        <source>saved weights to {file}</source>
        <translation>已将权重保存到 {file}</translation>
    </message>
    <message>
        <source>Load weights</source>
        <translation>加载权重</translation>
    </message>
    <message>
        <source>Cannot load weights</source>
        <translation>无法加载权重</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>out of memory; try a smaller batch size or model</source>
        <translation>内存不足；请尝试更小的批大小或模型</translation>
    </message>
    <message>
        <source>training stopped by an unexpected error: {error}</source>
        <translation>训练因意外错误而停止：{error}</translation>
    </message>
</context>
<context>
    <name>TryIt</name>
    <message>
        <source>Train or load weights first.</source>
        <translation>请先训练或加载权重。</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>试一试</translation>
    </message>
    <message>
        <source>Predict row</source>
        <translation>预测该行</translation>
    </message>
    <message>
        <source>Predict an image…</source>
        <translation>预测一张图像…</translation>
    </message>
    <message>
        <source>Validation row</source>
        <translation>验证集行</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Pick a sample to see the model&apos;s prediction.</source>
        <translation>选择一个样本，查看模型的预测。</translation>
    </message>
    <message>
        <source>{n} values: </source>
        <translation>{n} 个数值：</translation>
    </message>
    <message>
        <source>1 value separated by commas, e.g. {example}</source>
        <translation>1 个数值，例如 {example}</translation>
    </message>
    <message>
        <source>{n} values separated by commas, e.g. {example}</source>
        <translation>{n} 个数值，用逗号分隔，例如 {example}</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>{split} row {row} (true: {truth})</source>
        <translation>{split}第 {row} 行（真实值：{truth}）</translation>
    </message>
    <message>
        <source>Type numbers separated by commas.</source>
        <translation>请输入用逗号分隔的数字。</translation>
    </message>
    <message>
        <source>your values</source>
        <translation>你输入的数值</translation>
    </message>
    <message>
        <source>Image to classify</source>
        <translation>要分类的图像</translation>
    </message>
</context>
<context>
    <name>Walkthrough</name>
    <message>
        <source>First Model: data</source>
        <translation>第一个模型：数据</translation>
    </message>
    <message>
        <source>First Model: loss and optimizer</source>
        <translation>第一个模型：损失函数和优化器</translation>
    </message>
    <message>
        <source>Your first model</source>
        <translation>你的第一个模型</translation>
    </message>
    <message>
        <source>This walkthrough builds the classic first neural network: a multi-layer perceptron (MLP) that sorts points with 10 features into two classes.&lt;br&gt;&lt;br&gt;Each step adds a piece on the canvas, and the Help dock explains the layer it adds. Back takes a step away again: it is the same Undo as Ctrl+Z.</source>
        <translation>本向导搭建经典的第一个神经网络：一个多层感知机（MLP），把具有 10 个特征的点分成两类。&lt;br&gt;&lt;br&gt;每一步在画布上加入一部分，帮助面板会解释新加入的层。“上一步”会撤回这一步：与 Ctrl+Z 的撤销相同。</translation>
    </message>
    <message>
        <source>1. The input: 10 features</source>
        <translation>1. 输入：10 个特征</translation>
    </message>
    <message>
        <source>Every sample is 10 numbers. The Input&apos;s shape (10,) leaves out the batch: the model is shown many samples at once, and treats each the same way.</source>
        <translation>每个样本是 10 个数。Input 的形状 (10,) 不含批次：模型一次会看到许多样本，并以同样的方式处理每一个。</translation>
    </message>
    <message>
        <source>2. A dense layer of 128 units</source>
        <translation>2. 含 128 个单元的全连接层</translation>
    </message>
    <message>
        <source>A Dense (Linear) layer: each of its 128 units takes a weighted sum of all 10 inputs and adds a bias, y = x·Wᵀ + b. That makes 10 × 128 + 128 = 1,408 numbers to learn. The edge shows the shape that flows: (128,).</source>
        <translation>全连接（Linear）层：128 个单元各自对全部 10 个输入做加权求和，再加上偏置，y = x·Wᵀ + b。共有 10 × 128 + 128 = 1,408 个数要学习。连线上显示流过的形状：(128,)。</translation>
    </message>
    <message>
        <source>3. ReLU: the non-linearity</source>
        <translation>3. ReLU：非线性</translation>
    </message>
    <message>
        <source>ReLU keeps positive values and turns negative ones into 0: max(0, x). Without it, two dense layers in a row would be one linear map, however many you stack. The Help dock plots ReLU and its derivative.</source>
        <translation>ReLU 保留正值，把负值变为 0：max(0, x)。没有它，两个相连的全连接层只相当于一个线性映射，无论堆叠多少层。帮助面板画出了 ReLU 及其导数。</translation>
    </message>
    <message>
        <source>4. A second hidden layer: 64 units</source>
        <translation>4. 第二个隐藏层：64 个单元</translation>
    </message>
    <message>
        <source>Another Dense layer, now with 64 units, each reading the 128 values before it: 128 × 64 + 64 = 8,256 weights. Then another ReLU.</source>
        <translation>又一个全连接层，这次有 64 个单元，每个都读取前面的 128 个值：128 × 64 + 64 = 8,256 个权重。后面再接一个 ReLU。</translation>
    </message>
    <message>
        <source>5. One output: a score</source>
        <translation>5. 一个输出：分数</translation>
    </message>
    <message>
        <source>A Dense layer with 1 unit gives one raw score (a logit) per sample: above 0 means class 1, below 0 class 0. There is no Sigmoid at the end on purpose: the loss applies it, in a more precise way.</source>
        <translation>只有 1 个单元的全连接层为每个样本给出一个原始分数（logit）：大于 0 表示类别 1，小于 0 表示类别 0。末尾特意没有 Sigmoid：损失函数会以更精确的方式应用它。</translation>
    </message>
    <message>
        <source>6. Data, loss and optimizer</source>
        <translation>6. 数据、损失函数和优化器</translation>
    </message>
    <message>
        <source>The data: 2,000 generated points in two clusters; 20% are held back to check the model on points it never trained on.&lt;br&gt;&lt;br&gt;The loss, BCEWithLogitsLoss, measures how far each score is from the true class (0 or 1). The optimizer, Adam, nudges every weight to make the loss smaller, one batch of 64 samples at a time. Click ? beside Loss in the Training settings to read more.</source>
        <translation>数据：两个簇中生成的 2,000 个点；留出 20% 用来检验模型在从未训练过的点上的表现。&lt;br&gt;&lt;br&gt;损失函数 BCEWithLogitsLoss 衡量每个分数离真实类别（0 或 1）有多远。优化器 Adam 每次用一批 64 个样本，微调每个权重，让损失变小。点击训练设置中“损失函数”旁的 ? 可以了解更多。</translation>
    </message>
    <message>
        <source>7. Train</source>
        <translation>7. 训练</translation>
    </message>
    <message>
        <source>Training shows the model every training sample 10 times (10 epochs). Watch the loss fall in the Training dock: that is the model learning.</source>
        <translation>训练会把每个训练样本给模型看 10 遍（10 个 epoch）。在训练面板中观察损失下降：那就是模型在学习。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>&lt;b&gt;Done.&lt;/b&gt; Validation accuracy {accuracy:.1%}, validation loss {loss:.3f}: the model sorts points it has never seen. Save it with File &gt; Save, or change a layer and press F5 to train again.</source>
        <translation>&lt;b&gt;完成。&lt;/b&gt;验证准确率 {accuracy:.1%}，验证损失 {loss:.3f}：模型能正确分类从未见过的点。用“文件 &gt; 保存”保存它，或者修改某一层后按 F5 再训练一次。</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation>第 {n} 步，共 {total} 步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>First Model</source>
        <translation>第一个模型</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
</context>
</TS>
