<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>messages</name>
    <message>
      <source>'{source}' is an Output, which ends the model and cannot feed other nodes; connect the layer before it instead</source>
      <translation>“{source}”是 Output，它是模型的终点，不能连接到其他节点；请改为连接它前面的层</translation>
    </message>
    <message>
      <source>Apple Metal (MPS)</source>
      <translation>Apple Metal (MPS)</translation>
    </message>
    <message>
      <source>BCELoss expects probabilities in [0, 1]; end with a Sigmoid, or better, drop it and use BCEWithLogitsLoss</source>
      <translation>BCELoss 需要 [0, 1] 之间的概率；请以 Sigmoid 结尾，或者更好的做法：去掉它并改用 BCEWithLogitsLoss</translation>
    </message>
    <message>
      <source>BCEWithLogitsLoss applies its own sigmoid, so the output is squashed twice and learning stalls; remove the {layer} (the loss wants raw logits) or use BCELoss</source>
      <translation>BCEWithLogitsLoss 自带 sigmoid，输出会被压缩两次，学习会停滞；请去掉 {layer}（该损失需要原始 logits）或改用 BCELoss</translation>
    </message>
    <message>
      <source>BCEWithLogitsLoss is for 2 classes; the data has {classes}: use CrossEntropyLoss with {classes} outputs</source>
      <translation>BCEWithLogitsLoss 用于 2 个类别；数据有 {classes} 个类别：请改用 CrossEntropyLoss 并设 {classes} 个输出</translation>
    </message>
    <message>
      <source>CPU ({torch.get_num_threads()} threads)</source>
      <translation>CPU（{torch.get_num_threads()} 个线程）</translation>
    </message>
    <message>
      <source>CrossEntropyLoss applies its own log-softmax; remove the {layer} (the loss wants raw logits)</source>
      <translation>CrossEntropyLoss 自带 log-softmax；请去掉 {layer}（该损失需要原始 logits）</translation>
    </message>
    <message>
      <source>CrossEntropyLoss applies its own log-softmax; remove the {layer} or use NLLLoss</source>
      <translation>CrossEntropyLoss 自带 log-softmax；请去掉 {layer} 或改用 NLLLoss</translation>
    </message>
    <message>
      <source>CrossEntropyLoss needs one score per class but the Output gives 1; use 2 outputs, or 1 output with BCEWithLogitsLoss</source>
      <translation>CrossEntropyLoss 需要每个类别一个分数，但 Output 只给出 1 个；请使用 2 个输出，或 1 个输出配合 BCEWithLogitsLoss</translation>
    </message>
    <message>
      <source>First rows of {path.name}. Pick the target column (now: none set).</source>
      <translation>{path.name} 的前几行。请选择目标列（目前未设置）。</translation>
    </message>
    <message>
      <source>First rows of {path.name}; predicting '{target}'.</source>
      <translation>{path.name} 的前几行；预测“{target}”。</translation>
    </message>
    <message>
      <source>JSON nested deeper than {MAX_DEPTH} levels</source>
      <translation>JSON 嵌套超过 {MAX_DEPTH} 层</translation>
    </message>
    <message>
      <source>Linear acts on the last dimension only of input {fmt_shape(shape)}; add a Flatten before it if you meant all values</source>
      <translation>Linear 只作用于输入 {fmt_shape(shape)} 的最后一维；如果想作用于全部数值，请在它前面加一个 Flatten</translation>
    </message>
    <message>
      <source>NLLLoss expects log-probabilities; end with a LogSoftmax, or better, drop it and use CrossEntropyLoss</source>
      <translation>NLLLoss 需要对数概率；请以 LogSoftmax 结尾，或者更好的做法：去掉它并改用 CrossEntropyLoss</translation>
    </message>
    <message>
      <source>NLLLoss expects log-probabilities; use LogSoftmax instead</source>
      <translation>NLLLoss 需要对数概率；请改用 LogSoftmax</translation>
    </message>
    <message>
      <source>Set {input_id}'s shape to {fmt_shape(want)}</source>
      <translation>将 {input_id} 的形状设为 {fmt_shape(want)}</translation>
    </message>
    <message>
      <source>Set {layer}'s out_features to {classes}</source>
      <translation>将 {layer} 的 out_features 设为 {classes}</translation>
    </message>
    <message>
      <source>The project has no data yet: choose where it comes from.</source>
      <translation>项目还没有数据：请选择数据来源。</translation>
    </message>
    <message>
      <source>a csv data section needs "path" and "target"</source>
      <translation>csv 数据部分需要 "path" 和 "target"</translation>
    </message>
    <message>
      <source>a node cannot feed itself</source>
      <translation>节点不能连接到自身</translation>
    </message>
    <message>
      <source>a text data section needs "path"</source>
      <translation>text 数据部分需要 "path"</translation>
    </message>
    <message>
      <source>align_corners only applies to the interpolating modes, not "nearest"</source>
      <translation>align_corners 只适用于插值模式，不适用于 "nearest"</translation>
    </message>
    <message>
      <source>an idx data section needs "images" and "labels" (file paths)</source>
      <translation>idx 数据部分需要 "images" 和 "labels"（文件路径）</translation>
    </message>
    <message>
      <source>an images data section needs "path" (a folder of class folders)</source>
      <translation>images 数据部分需要 "path"（包含各类别子文件夹的文件夹）</translation>
    </message>
    <message>
      <source>an npz data section needs "path" (or "x" and "y" as .npy files)</source>
      <translation>npz 数据部分需要 "path"（或以 .npy 文件给出的 "x" 和 "y"）</translation>
    </message>
    <message>
      <source>array {name} holds {array.dtype.name} values; it needs numbers</source>
      <translation>数组 {name} 存的是 {array.dtype.name} 值；需要数字</translation>
    </message>
    <message>
      <source>array {name} holds {what} values (sample {row})</source>
      <translation>数组 {name} 含有 {what} 值（样本 {row}）</translation>
    </message>
    <message>
      <source>array {name} is a single value; it needs one row per sample</source>
      <translation>数组 {name} 只有一个值；需要每个样本一行</translation>
    </message>
    <message>
      <source>array {name} promises {list(shape)} values ({size} bytes), more than the {MAX_ARRAY_BYTES} bytes LayerLab reads into memory</source>
      <translation>数组 {name} 声明了 {list(shape)} 个值（{size} 字节），超过了 LayerLab 读入内存的上限 {MAX_ARRAY_BYTES} 字节</translation>
    </message>
    <message>
      <source>augment must be a list of steps; got {type(items).__name__}</source>
      <translation>augment 必须是步骤列表；得到的是 {type(items).__name__}</translation>
    </message>
    <message>
      <source>cannot concatenate along the batch dimension (dim 0)</source>
      <translation>不能沿批维度（dim 0）拼接</translation>
    </message>
    <message>
      <source>cannot read ({err.strerror or err})</source>
      <translation>无法读取（{err.strerror or err}）</translation>
    </message>
    <message>
      <source>cannot read the data: {err}</source>
      <translation>无法读取数据：{err}</translation>
    </message>
    <message>
      <source>cannot read the image ({err})</source>
      <translation>无法读取图像（{err}）</translation>
    </message>
    <message>
      <source>cannot read: {err.strerror}</source>
      <translation>无法读取：{err.strerror}</translation>
    </message>
    <message>
      <source>cannot reshape {fmt_shape(shapes[0])} ({total} values) to {fmt_shape(tuple(target))}</source>
      <translation>无法把 {fmt_shape(shapes[0])}（{total} 个值）变形为 {fmt_shape(tuple(target))}</translation>
    </message>
    <message>
      <source>cannot reshape {fmt_shape(shapes[0])} ({total} values) to {fmt_shape(tuple(target))} ({known} values)</source>
      <translation>无法把 {fmt_shape(shapes[0])}（{total} 个值）变形为 {fmt_shape(tuple(target))}（{known} 个值）</translation>
    </message>
    <message>
      <source>channels must be 1 or 3; got {channels}</source>
      <translation>channels 必须是 1 或 3；得到 {channels}</translation>
    </message>
    <message>
      <source>class ids must be whole numbers</source>
      <translation>类别编号必须是整数</translation>
    </message>
    <message>
      <source>class ids must not be negative</source>
      <translation>类别编号不能为负</translation>
    </message>
    <message>
      <source>class targets must be one id per sample; y has shape {y.shape}</source>
      <translation>分类目标必须每个样本一个编号；y 的形状是 {y.shape}</translation>
    </message>
    <message>
      <source>data.missing must be "error", "drop" or "mean"; got {missing}</source>
      <translation>data.missing 必须是 "error"、"drop" 或 "mean"；得到 {missing}</translation>
    </message>
    <message>
      <source>data.task must be "classification" or "regression"; got {task}</source>
      <translation>data.task 必须是 "classification" 或 "regression"；得到 {task}</translation>
    </message>
    <message>
      <source>dead layer ({self.dead} of its units never fire)</source>
      <translation>死亡层（{self.dead} 的单元从不激活）</translation>
    </message>
    <message>
      <source>dim 0 is the batch dimension; use 1 or -1</source>
      <translation>dim 0 是批维度；请用 1 或 -1</translation>
    </message>
    <message>
      <source>dim {dims} names a dimension twice</source>
      <translation>dim {dims} 重复指定了同一维度</translation>
    </message>
    <message>
      <source>dim {dim} is out of range for input with batch rank {rank}</source>
      <translation>dim {dim} 超出了含批维度秩为 {rank} 的输入的范围</translation>
    </message>
    <message>
      <source>dim {dim} is out of range for input {fmt_shape(shape)} (batch is dim 0)</source>
      <translation>dim {dim} 超出了输入 {fmt_shape(shape)} 的范围（批维度是 dim 0）</translation>
    </message>
    <message>
      <source>dim {dim} is the batch dimension</source>
      <translation>dim {dim} 是批维度</translation>
    </message>
    <message>
      <source>dim {p['dim']} has odd size {shapes[0][axis]}; GLU halves it</source>
      <translation>dim {p['dim']} 的大小 {shapes[0][axis]} 是奇数；GLU 要把它减半</translation>
    </message>
    <message>
      <source>dim {p['dim']} is not a dimension of {fmt_shape(shapes[0])} (batch is dim 0)</source>
      <translation>dim {p['dim']} 不是 {fmt_shape(shapes[0])} 的维度（批维度是 dim 0）</translation>
    </message>
    <message>
      <source>dim {p['dim']} is out of range for inputs {fmt_shape(shapes[0])}</source>
      <translation>dim {p['dim']} 超出了输入 {fmt_shape(shapes[0])} 的范围</translation>
    </message>
    <message>
      <source>dim {p['dim']} is the batch or out of range for {fmt_shape(shapes[0])}</source>
      <translation>dim {p['dim']} 是批维度或超出了 {fmt_shape(shapes[0])} 的范围</translation>
    </message>
    <message>
      <source>dims must start with 0: the batch dimension stays first</source>
      <translation>dims 必须以 0 开头：批维度保持在最前</translation>
    </message>
    <message>
      <source>dims {dims} are not an order of the dims 0..{rank - 1} (batch is 0)</source>
      <translation>dims {dims} 不是维度 0..{rank - 1} 的一个排列（批维度是 0）</translation>
    </message>
    <message>
      <source>duplicate edge {e.source} -&gt; {e.target}</source>
      <translation>重复的连接 {e.source} -&gt; {e.target}</translation>
    </message>
    <message>
      <source>duplicate node id '{new}'</source>
      <translation>重复的节点 ID“{new}”</translation>
    </message>
    <message>
      <source>duplicate node id '{node.id}'</source>
      <translation>重复的节点 ID“{node.id}”</translation>
    </message>
    <message>
      <source>early_stopping.monitor: no metric '{monitor}'; have {', '.join(row)}</source>
      <translation>early_stopping.monitor：没有指标“{monitor}”；现有 {', '.join(row)}</translation>
    </message>
    <message>
      <source>edge {e.source} -&gt; {e.target} refers to unknown node '{end}'</source>
      <translation>连接 {e.source} -&gt; {e.target} 指向未知节点“{end}”</translation>
    </message>
    <message>
      <source>edge {index} is not {edge.source} -&gt; {edge.target}</source>
      <translation>第 {index} 条连接不是 {edge.source} -&gt; {edge.target}</translation>
    </message>
    <message>
      <source>expects {layout} input; got {fmt_shape(shape)}</source>
      <translation>需要 {layout} 输入；得到 {fmt_shape(shape)}</translation>
    </message>
    <message>
      <source>expects {padded} or {padded + 1} sample dims input for {mode} pad</source>
      <translation>{mode} 填充需要 {padded} 或 {padded + 1} 个样本维度的输入</translation>
    </message>
    <message>
      <source>exploding gradients (norm {self.grad_norm})</source>
      <translation>梯度爆炸（范数 {self.grad_norm}）</translation>
    </message>
    <message>
      <source>follows Linear '{before.id}' with no activation between; two Linear layers in a row act as one: add an activation such as ReLU</source>
      <translation>紧跟在 Linear“{before.id}”之后且中间没有激活函数；连续两个 Linear 层等同于一个：请加入 ReLU 等激活函数</translation>
    </message>
    <message>
      <source>has no column besides the target '{target}' to learn from</source>
      <translation>除了目标列“{target}”之外没有可供学习的列</translation>
    </message>
    <message>
      <source>has {len(ids)} characters; needs more than context ({context})</source>
      <translation>只有 {len(ids)} 个字符；需要多于上下文长度（{context}）</translation>
    </message>
    <message>
      <source>has {len(row)} cells but the header has {len(header)}</source>
      <translation>有 {len(row)} 个单元格，但表头有 {len(header)} 个</translation>
    </message>
    <message>
      <source>holds NaN or infinite values</source>
      <translation>含有 NaN 或无穷值</translation>
    </message>
    <message>
      <source>holds a single value; expected one sample per row</source>
      <translation>只有一个值；应为每行一个样本</translation>
    </message>
    <message>
      <source>holds no class folders (one sub-folder per class)</source>
      <translation>没有类别文件夹（每个类别一个子文件夹）</translation>
    </message>
    <message>
      <source>holds no dimensions (a 0-dimensional IDX array)</source>
      <translation>没有维度（0 维 IDX 数组）</translation>
    </message>
    <message>
      <source>holds no images</source>
      <translation>没有图像</translation>
    </message>
    <message>
      <source>holds no samples</source>
      <translation>没有样本</translation>
    </message>
    <message>
      <source>holds text with {len(values)} distinct values, too many to use as categories (at most {MAX_CATEGORIES}); leave it out of data.features</source>
      <translation>含有 {len(values)} 个不同的文本值，太多，无法作为类别使用（最多 {MAX_CATEGORIES} 个）；请把它从 data.features 中去掉</translation>
    </message>
    <message>
      <source>holds {kind} values; predict needs numbers</source>
      <translation>含有 {kind} 值；predict 需要数字</translation>
    </message>
    <message>
      <source>images must have a sample dimension and a size</source>
      <translation>images 必须有样本维度和大小</translation>
    </message>
    <message>
      <source>index {p['index']} is outside dim {p['dim']} of size {size}</source>
      <translation>索引 {p['index']} 超出了大小为 {size} 的 dim {p['dim']}</translation>
    </message>
    <message>
      <source>input port {e.port} is fed twice (by '{port_owner[key]}' and '{e.source}')</source>
      <translation>输入端口 {e.port} 被连接了两次（来自“{port_owner[key]}”和“{e.source}”）</translation>
    </message>
    <message>
      <source>input port(s) {missing} not connected</source>
      <translation>输入端口 {missing} 未连接</translation>
    </message>
    <message>
      <source>inputs must be matrices (2 dims or more besides the batch); got {fmt_shape(a)}</source>
      <translation>输入必须是矩阵（除批次外至少 2 个维度）；得到 {fmt_shape(a)}</translation>
    </message>
    <message>
      <source>inputs must have the same rank; got {fmt_shape(a)} and {fmt_shape(b)}</source>
      <translation>输入的秩必须相同；得到 {fmt_shape(a)} 和 {fmt_shape(b)}</translation>
    </message>
    <message>
      <source>inputs must have the same rank; got {fmt_shape(q)} and {fmt_shape(shape)}</source>
      <translation>输入的秩必须相同；得到 {fmt_shape(q)} 和 {fmt_shape(shape)}</translation>
    </message>
    <message>
      <source>inputs must have the same rank; got {fmt_shape(shapes[0])} and {fmt_shape(shape)}</source>
      <translation>输入的秩必须相同；得到 {fmt_shape(shapes[0])} 和 {fmt_shape(shape)}</translation>
    </message>
    <message>
      <source>inputs must have the same shape (or size 1 to broadcast); got {fmt_shape(tuple(out))} and {fmt_shape(shape)}, dim {axis + 1} differs</source>
      <translation>输入的形状必须相同（或大小为 1 以便广播）；得到 {fmt_shape(tuple(out))} 和 {fmt_shape(shape)}，第 {axis + 1} 维不同</translation>
    </message>
    <message>
      <source>inputs must have the same shape; got {fmt_shape(shapes[0])} and {fmt_shape(shape)}</source>
      <translation>输入的形状必须相同；得到 {fmt_shape(shapes[0])} 和 {fmt_shape(shape)}</translation>
    </message>
    <message>
      <source>inputs must match except along dim {p['dim']}; got {fmt_shape(shapes[0])} and {fmt_shape(shape)}</source>
      <translation>除 dim {p['dim']} 外输入必须一致；得到 {fmt_shape(shapes[0])} 和 {fmt_shape(shape)}</translation>
    </message>
    <message>
      <source>inputs must match except in the last dimension; got {fmt_shape(first)} and {fmt_shape(second)}</source>
      <translation>除最后一维外输入必须一致；得到 {fmt_shape(first)} 和 {fmt_shape(second)}</translation>
    </message>
    <message>
      <source>inputs' inner dims must match: port 0's last ({a[-1]}), port 1's second to last ({b[-2]}); got {fmt_shape(a)} @ {fmt_shape(b)}</source>
      <translation>输入的内侧维度必须一致：端口 0 的最后一维（{a[-1]}），端口 1 的倒数第二维（{b[-2]}）；得到 {fmt_shape(a)} @ {fmt_shape(b)}</translation>
    </message>
    <message>
      <source>invalid JSON: {err}</source>
      <translation>无效的 JSON：{err}</translation>
    </message>
    <message>
      <source>invalid node id {node_id}: ids are non-empty, contain no '.', and do not start with a space</source>
      <translation>无效的节点 ID {node_id}：ID 不能为空、不能包含“.”、不能以空格开头</translation>
    </message>
    <message>
      <source>is a folder, not a CSV file</source>
      <translation>是文件夹，不是 CSV 文件</translation>
    </message>
    <message>
      <source>is a folder, not a project file</source>
      <translation>是文件夹，不是项目文件</translation>
    </message>
    <message>
      <source>is larger than {MAX_BYTES // 2 ** 20} MB; is it a LayerLab project?</source>
      <translation>大于 {MAX_BYTES // 2 ** 20} MB；这是 LayerLab 项目吗？</translation>
    </message>
    <message>
      <source>is not UTF-8 text</source>
      <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
      <source>is not UTF-8 text; is it a LayerLab project?</source>
      <translation>不是 UTF-8 文本；这是 LayerLab 项目吗？</translation>
    </message>
    <message>
      <source>is not a regular file (a device or pipe?)</source>
      <translation>不是普通文件（设备或管道？）</translation>
    </message>
    <message>
      <source>is {image.width} x {image.height} pixels; LayerLab reads images up to {MAX_PIXELS} pixels (a decompression bomb?)</source>
      <translation>是 {image.width} x {image.height} 像素；LayerLab 只读取不超过 {MAX_PIXELS} 像素的图像（解压炸弹？）</translation>
    </message>
    <message>
      <source>its attributes or inputs do not fit the op ({first_line(err)})</source>
      <translation>它的属性或输入与该算子不符（{first_line(err)}）</translation>
    </message>
    <message>
      <source>its bias is cancelled by {node.type} '{node.id}' (which subtracts the mean); set bias to false</source>
      <translation>它的偏置会被 {node.type}“{node.id}”抵消（后者会减去均值）；请把 bias 设为 false</translation>
    </message>
    <message>
      <source>key features ({k[-1]}) must equal query features ({q[-1]})</source>
      <translation>键的特征数（{k[-1]}）必须等于查询的特征数（{q[-1]}）</translation>
    </message>
    <message>
      <source>key {key} is not a string</source>
      <translation>键 {key} 不是字符串</translation>
    </message>
    <message>
      <source>labels must be one whole number per sample</source>
      <translation>标签必须是每个样本一个整数</translation>
    </message>
    <message>
      <source>metric 'accuracy' needs a classification loss; try mae or r2</source>
      <translation>指标“accuracy”需要分类损失；试试 mae 或 r2</translation>
    </message>
    <message>
      <source>metric '{name}' needs a regression loss; try accuracy</source>
      <translation>指标“{name}”需要回归损失；试试 accuracy</translation>
    </message>
    <message>
      <source>metric '{name}' needs more than two classes</source>
      <translation>指标“{name}”需要多于两个类别</translation>
    </message>
    <message>
      <source>missing feature column(s) {', '.join(missing)} (the model was trained on {', '.join(columns)})</source>
      <translation>缺少特征列 {', '.join(missing)}（模型训练时使用的是 {', '.join(columns)}）</translation>
    </message>
    <message>
      <source>missing required key "graph"</source>
      <translation>缺少必需的键 "graph"</translation>
    </message>
    <message>
      <source>missing required key "nodes"</source>
      <translation>缺少必需的键 "nodes"</translation>
    </message>
    <message>
      <source>missing required key "{key}"</source>
      <translation>缺少必需的键 "{key}"</translation>
    </message>
    <message>
      <source>must be &lt;= {_fmt(self.max)}; got {_fmt(value)}</source>
      <translation>必须 &lt;= {_fmt(self.max)}；得到 {_fmt(value)}</translation>
    </message>
    <message>
      <source>must be &gt;= {_fmt(self.min)}; got {_fmt(value)}</source>
      <translation>必须 &gt;= {_fmt(self.min)}；得到 {_fmt(value)}</translation>
    </message>
    <message>
      <source>must be [x, y]; got {pos}</source>
      <translation>必须是 [x, y]；得到 {pos}</translation>
    </message>
    <message>
      <source>must be a list of metric names; got {type(raw).__name__}</source>
      <translation>必须是指标名称的列表；得到 {type(raw).__name__}</translation>
    </message>
    <message>
      <source>must be a list of strings; got {_show(value)}</source>
      <translation>必须是字符串列表；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be a name or an object with "type"; got {raw}</source>
      <translation>必须是名称或带 "type" 的对象；得到 {raw}</translation>
    </message>
    <message>
      <source>must be a non-empty list of integers; got {_show(value)}</source>
      <translation>必须是非空的整数列表；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be a non-negative integer; got {port}</source>
      <translation>必须是非负整数；得到 {port}</translation>
    </message>
    <message>
      <source>must be a number or {self.length} numbers; got {_show(list(value))}</source>
      <translation>必须是 1 个数字或 {self.length} 个数字；得到 {_show(list(value))}</translation>
    </message>
    <message>
      <source>must be a number; got {_show(value)}</source>
      <translation>必须是数字；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be a string; got {_show(value)}</source>
      <translation>必须是字符串；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be an integer or {self.length} integers; got {_show(list(value))}</source>
      <translation>必须是 1 个整数或 {self.length} 个整数；得到 {_show(list(value))}</translation>
    </message>
    <message>
      <source>must be an integer; got {_show(value)}</source>
      <translation>必须是整数；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be an integer; got {version}</source>
      <translation>必须是整数；得到 {version}</translation>
    </message>
    <message>
      <source>must be an object; got {type(raw).__name__}</source>
      <translation>必须是对象；得到 {type(raw).__name__}</translation>
    </message>
    <message>
      <source>must be finite; got {_show(value)}</source>
      <translation>必须是有限值；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be one of {options}; got {_show(value)}</source>
      <translation>必须是 {options} 之一；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be true or false; got {_show(value)}</source>
      <translation>必须是 true 或 false；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be true or false; got {trainable}</source>
      <translation>必须是 true 或 false；得到 {trainable}</translation>
    </message>
    <message>
      <source>must be within +-{FLOAT_LIMIT}; got {_show(value)}</source>
      <translation>必须在 +-{FLOAT_LIMIT} 之内；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be within +-{INT_LIMIT}; got {_show(value)}</source>
      <translation>必须在 +-{INT_LIMIT} 之内；得到 {_show(value)}</translation>
    </message>
    <message>
      <source>must be {names.get(kind, kind.__name__)}; got {type(value).__name__} {brief(value)}</source>
      <translation>必须是 {names.get(kind, kind.__name__)}；得到 {type(value).__name__} {brief(value)}</translation>
    </message>
    <message>
      <source>must not be null</source>
      <translation>不能为 null</translation>
    </message>
    <message>
      <source>needs more than one spatial value per channel</source>
      <translation>每个通道需要多于一个空间值</translation>
    </message>
    <message>
      <source>negative port {e.port}</source>
      <translation>端口 {e.port} 为负</translation>
    </message>
    <message>
      <source>nested deeper than {MAX_DEPTH} levels</source>
      <translation>嵌套超过 {MAX_DEPTH} 层</translation>
    </message>
    <message>
      <source>no array '{name}'; the file holds {', '.join(archive.files) or 'none'}</source>
      <translation>没有数组“{name}”；文件中有 {', '.join(archive.files) or 'none'}</translation>
    </message>
    <message>
      <source>no feature column '{col}'; columns are {column_list(header)}</source>
      <translation>没有特征列“{col}”；现有列为 {column_list(header)}</translation>
    </message>
    <message>
      <source>no node '{min(missing)}'</source>
      <translation>没有节点“{min(missing)}”</translation>
    </message>
    <message>
      <source>no such file</source>
      <translation>文件不存在</translation>
    </message>
    <message>
      <source>no such folder</source>
      <translation>文件夹不存在</translation>
    </message>
    <message>
      <source>no target column '{target}'; columns are {column_list(header)}</source>
      <translation>没有目标列“{target}”；现有列为 {column_list(header)}</translation>
    </message>
    <message>
      <source>no training samples left after the validation split</source>
      <translation>划分验证集后没有剩余的训练样本</translation>
    </message>
    <message>
      <source>node '{node_id}': {err}</source>
      <translation>节点“{node_id}”：{err}</translation>
    </message>
    <message>
      <source>non-finite values</source>
      <translation>非有限值</translation>
    </message>
    <message>
      <source>normalize: std must be above 0</source>
      <translation>normalize：std 必须大于 0</translation>
    </message>
    <message>
      <source>normalize: these features are already standardised; remove it</source>
      <translation>normalize：这些特征已经标准化；请去掉它</translation>
    </message>
    <message>
      <source>normalize: {name} needs 1 or {width} values; got {len(t)}</source>
      <translation>normalize：{name} 需要 1 个或 {width} 个值；得到 {len(t)} 个</translation>
    </message>
    <message>
      <source>not a LayerLab project ("format" is {data.get('format')}, expected "{FORMAT}")</source>
      <translation>不是 LayerLab 项目（"format" 为 {data.get('format')}，应为 "{FORMAT}"）</translation>
    </message>
    <message>
      <source>not a readable .npy array ({err})</source>
      <translation>不是可读取的 .npy 数组（{err}）</translation>
    </message>
    <message>
      <source>not a readable .npz archive ({err})</source>
      <translation>不是可读取的 .npz 归档（{err}）</translation>
    </message>
    <message>
      <source>not an IDX file (bad magic number)</source>
      <translation>不是 IDX 文件（魔数错误）</translation>
    </message>
    <message>
      <source>not on any path from an Input to an Output; it will not be trained</source>
      <translation>不在任何从 Input 到 Output 的路径上；它不会被训练</translation>
    </message>
    <message>
      <source>not valid CSV: {err}</source>
      <translation>不是有效的 CSV：{err}</translation>
    </message>
    <message>
      <source>num_parameters {slopes} must be 1 or the channel count {shapes[0][0]}</source>
      <translation>num_parameters {slopes} 必须是 1 或通道数 {shapes[0][0]}</translation>
    </message>
    <message>
      <source>output_padding {out_pad} must be smaller than stride or dilation</source>
      <translation>output_padding {out_pad} 必须小于 stride 或 dilation</translation>
    </message>
    <message>
      <source>pad {pad} needs (before, after) pairs; it has an odd length</source>
      <translation>pad {pad} 需要成对的 (前, 后) 值；它的长度是奇数</translation>
    </message>
    <message>
      <source>pad {pad} pads {padded} dims; the input {fmt_shape(shape)} has fewer</source>
      <translation>pad {pad} 要填充 {padded} 个维度；输入 {fmt_shape(shape)} 的维度更少</translation>
    </message>
    <message>
      <source>padding "same" needs stride 1</source>
      <translation>padding "same" 需要 stride 为 1</translation>
    </message>
    <message>
      <source>padding {pad} must be at most half the kernel size {k}</source>
      <translation>padding {pad} 最多为卷积核大小 {k} 的一半</translation>
    </message>
    <message>
      <source>padding_idx {pad} is outside the vocabulary 0..{size - 1}</source>
      <translation>padding_idx {pad} 超出了词表范围 0..{size - 1}</translation>
    </message>
    <message>
      <source>params must be an object; got {params}</source>
      <translation>params 必须是对象；得到 {params}</translation>
    </message>
    <message>
      <source>precision fp16 needs a CUDA device; on {device} use bf16</source>
      <translation>precision fp16 需要 CUDA 设备；在 {device} 上请使用 bf16</translation>
    </message>
    <message>
      <source>predict handles one score vector per sample; this model outputs {tuple(out.shape[1:])} per sample (a sequence model)</source>
      <translation>predict 处理每个样本一个分数向量；此模型每个样本输出 {tuple(out.shape[1:])}（序列模型）</translation>
    </message>
    <message>
      <source>probes sample every N steps with N &gt;= 1; got {self.every}</source>
      <translation>探针每 N 步采样一次，N &gt;= 1；得到 {self.every}</translation>
    </message>
    <message>
      <source>query must be (…, L, E) besides the batch; got {fmt_shape(q)}</source>
      <translation>除批次外，查询必须是 (…, L, E)；得到 {fmt_shape(q)}</translation>
    </message>
    <message>
      <source>refers to unknown node '{raw[key]}'</source>
      <translation>指向未知节点“{raw[key]}”</translation>
    </message>
    <message>
      <source>sample {row} holds NaN or infinite values</source>
      <translation>样本 {row} 含有 NaN 或无穷值</translation>
    </message>
    <message>
      <source>samples have {x.shape[1]} values but the model takes {features} (shape {self.input_shape})</source>
      <translation>样本有 {x.shape[1]} 个值，但模型需要 {features} 个（形状 {self.input_shape}）</translation>
    </message>
    <message>
      <source>samples must be at least 2; got {samples}</source>
      <translation>samples 至少为 2；得到 {samples}</translation>
    </message>
    <message>
      <source>set exactly one of size and scale_factor</source>
      <translation>size 和 scale_factor 必须且只能设置一个</translation>
    </message>
    <message>
      <source>shape may contain -1 at most once</source>
      <translation>shape 中 -1 最多出现一次</translation>
    </message>
    <message>
      <source>shape {p['shape']} is too large</source>
      <translation>形状 {p['shape']} 太大</translation>
    </message>
    <message>
      <source>shape {target} has a size that is not positive or -1</source>
      <translation>形状 {target} 中有既不是正数也不是 -1 的大小</translation>
    </message>
    <message>
      <source>start_dim 0 would flatten the batch dimension</source>
      <translation>start_dim 为 0 会把批维度也展平</translation>
    </message>
    <message>
      <source>start_dim {p['start_dim']} is after end_dim {p['end_dim']} for input {fmt_shape(shapes[0])}</source>
      <translation>对输入 {fmt_shape(shapes[0])} 而言，start_dim {p['start_dim']} 在 end_dim {p['end_dim']} 之后</translation>
    </message>
    <message>
      <source>target is missing (set data.missing to "drop")</source>
      <translation>目标值缺失（把 data.missing 设为 "drop"）</translation>
    </message>
    <message>
      <source>target is not a finite number (regression targets must be numeric)</source>
      <translation>目标值不是有限数字（回归目标必须是数值）</translation>
    </message>
    <message>
      <source>the data ({facts.what}) gives samples of shape {fmt_shape(want)} but Input '{input_id}' takes {fmt_shape(shape)}</source>
      <translation>数据（{facts.what}）的样本形状是 {fmt_shape(want)}，但 Input“{input_id}”接收 {fmt_shape(shape)}</translation>
    </message>
    <message>
      <source>the data ({facts.what}) has {classes} classes but Output '{output_id}' gives {scores} score{'s' * (scores != 1)}</source>
      <translation>数据（{facts.what}）有 {classes} 个类别，但 Output“{output_id}”给出 {scores} 个分数</translation>
    </message>
    <message>
      <source>the data file {path} lies outside the project's folder; training reads it and stores its class names in the weights. Train only if you trust this project</source>
      <translation>数据文件 {path} 位于项目文件夹之外；训练会读取它并把类别名称存入权重。只有信任此项目时才训练</translation>
    </message>
    <message>
      <source>the data gives samples of shape {fmt_shape(data.sample_shape)} but the model's Input '{input_id}' takes {fmt_shape(want)}</source>
      <translation>数据的样本形状是 {fmt_shape(data.sample_shape)}，但模型的 Input“{input_id}”接收 {fmt_shape(want)}</translation>
    </message>
    <message>
      <source>the data has no samples</source>
      <translation>数据没有样本</translation>
    </message>
    <message>
      <source>the data has {classes} classes but the Output gives {scores} scores; set the last layer's size to {classes}</source>
      <translation>数据有 {classes} 个类别，但 Output 给出 {scores} 个分数；请把最后一层的大小设为 {classes}</translation>
    </message>
    <message>
      <source>the data has {classes} classes but {where}; set its last size to {classes}</source>
      <translation>数据有 {classes} 个类别，但{where}；请把它的最后一维大小设为 {classes}</translation>
    </message>
    <message>
      <source>the data is truncated or damaged ({err})</source>
      <translation>数据被截断或已损坏（{err}）</translation>
    </message>
    <message>
      <source>the data's targets have shape {target} but {where}</source>
      <translation>数据的目标形状是 {target}，但{where}</translation>
    </message>
    <message>
      <source>the device ran out of memory at batch size {bs}; try batch_size {max(1, bs // 2)} (training.batch_size) or a smaller model</source>
      <translation>设备在批大小 {bs} 时内存不足；试试 batch_size {max(1, bs // 2)}（training.batch_size）或更小的模型</translation>
    </message>
    <message>
      <source>the file is empty; expected a header row</source>
      <translation>文件为空；应有表头行</translation>
    </message>
    <message>
      <source>the graph has no Input node</source>
      <translation>图中没有 Input 节点</translation>
    </message>
    <message>
      <source>the graph has no Output node</source>
      <translation>图中没有 Output 节点</translation>
    </message>
    <message>
      <source>the graph holds {rows} of the {sub.num_embeddings} rows of '{target}' (the positions an input of this length uses)</source>
      <translation>图中保存了“{target}”的 {sub.num_embeddings} 行中的 {rows} 行（此长度的输入所用到的位置）</translation>
    </message>
    <message>
      <source>the header names {column_list(twice)} more than once; every column needs its own name</source>
      <translation>表头中 {column_list(twice)} 出现了不止一次；每一列都需要自己的名字</translation>
    </message>
    <message>
      <source>the header promises {dims} values ({expected} bytes), more than the {MAX_ARRAY_BYTES} bytes LayerLab reads</source>
      <translation>文件头声明了 {dims} 个值（{expected} 字节），超过了 LayerLab 读取的上限 {MAX_ARRAY_BYTES} 字节</translation>
    </message>
    <message>
      <source>the loss exploded at lr {lr} ({current}, {EXPLODE}x its low)</source>
      <translation>学习率为 {lr} 时损失爆炸（{current}，是最低值的 {EXPLODE} 倍）</translation>
    </message>
    <message>
      <source>the model cannot run on these samples: {err}</source>
      <translation>模型无法在这些样本上运行：{err}</translation>
    </message>
    <message>
      <source>the project has no data section ("data": {"source": ...})</source>
      <translation>项目没有数据部分（"data": {"source": ...}）</translation>
    </message>
    <message>
      <source>the project has no data section; choose a data source (Training &gt; Data)</source>
      <translation>项目没有数据部分；请选择数据来源（训练 &gt; 数据）</translation>
    </message>
    <message>
      <source>the sweep needs 0 &lt; start &lt; end; got start {start}, end {end}</source>
      <translation>扫描需要 0 &lt; start &lt; end；得到 start {start}，end {end}</translation>
    </message>
    <message>
      <source>the sweep needs at least 5 steps; got {steps}</source>
      <translation>扫描至少需要 5 步；得到 {steps}</translation>
    </message>
    <message>
      <source>the target column {problem}; is it really a class label?</source>
      <translation>目标列{problem}；它真的是类别标签吗？</translation>
    </message>
    <message>
      <source>torch failed during training: {err}</source>
      <translation>训练期间 torch 出错：{err}</translation>
    </message>
    <message>
      <source>training needs exactly one Input and one Output; the model has inputs {', '.join(model.input_ids)} and outputs {', '.join(model.output_ids)}</source>
      <translation>训练需要恰好一个 Input 和一个 Output；此模型的输入为 {', '.join(model.input_ids)}，输出为 {', '.join(model.output_ids)}</translation>
    </message>
    <message>
      <source>training.loss: {err}</source>
      <translation>training.loss：{err}</translation>
    </message>
    <message>
      <source>training.optimizer: {err}</source>
      <translation>training.optimizer：{err}</translation>
    </message>
    <message>
      <source>training.precision must be fp32, bf16 or fp16; got {name}</source>
      <translation>training.precision 必须是 fp32、bf16 或 fp16；得到 {name}</translation>
    </message>
    <message>
      <source>training.scheduler: {err}</source>
      <translation>training.scheduler：{err}</translation>
    </message>
    <message>
      <source>training.{key} must be a name or an object with "type"</source>
      <translation>training.{key} 必须是名称或带 "type" 的对象</translation>
    </message>
    <message>
      <source>training.{key}: unknown type {name}; choose {', '.join(choices)}</source>
      <translation>training.{key}：未知类型 {name}；请从 {', '.join(choices)} 中选择</translation>
    </message>
    <message>
      <source>truncated: the header ends early</source>
      <translation>文件被截断：文件头提前结束</translation>
    </message>
    <message>
      <source>truncated: the header promises {dims} values ({expected} bytes) but only {len(body)} bytes follow</source>
      <translation>文件被截断：文件头声明了 {dims} 个值（{expected} 字节），但后面只有 {len(body)} 字节</translation>
    </message>
    <message>
      <source>unknown data source '{cfg.source}'; choose one of {names}</source>
      <translation>未知的数据来源“{cfg.source}”；请从以下选择：{names}</translation>
    </message>
    <message>
      <source>unknown format version {version}</source>
      <translation>未知的格式版本 {version}</translation>
    </message>
    <message>
      <source>unknown metric '{name}'; choose accuracy, top5_accuracy, mae, rmse or r2</source>
      <translation>未知指标“{name}”；请从 accuracy、top5_accuracy、mae、rmse 或 r2 中选择</translation>
    </message>
    <message>
      <source>unknown metric {name}; choose from {', '.join(choices.METRICS)}</source>
      <translation>未知指标 {name}；请从 {', '.join(choices.METRICS)} 中选择</translation>
    </message>
    <message>
      <source>unknown sequence task '{task}'; choose trend, parity or sum</source>
      <translation>未知序列任务“{task}”；请从 trend、parity 或 sum 中选择</translation>
    </message>
    <message>
      <source>unknown source {source}; choose one of {', '.join(source_names())}</source>
      <translation>未知的来源 {source}；请从以下选择：{', '.join(source_names())}</translation>
    </message>
    <message>
      <source>unknown synthetic data set '{name}'; choose one of {', '.join(GENERATORS)}</source>
      <translation>未知合成数据集“{name}”；请从 {', '.join(GENERATORS)} 中选择</translation>
    </message>
    <message>
      <source>unknown type {name}; choose one of {', '.join(names)}</source>
      <translation>未知类型 {name}；请从 {', '.join(names)} 中选择</translation>
    </message>
    <message>
      <source>updates too large ({self.update_ratio} of the weights per step)</source>
      <translation>更新量过大（每步为权重的 {self.update_ratio}）</translation>
    </message>
    <message>
      <source>validation_split must be in [0, 1); got {fraction}</source>
      <translation>validation_split 必须在 [0, 1) 之内；得到 {fraction}</translation>
    </message>
    <message>
      <source>value is a number, but the column holds text (categories)</source>
      <translation>值是数字，但该列是文本（类别）</translation>
    </message>
    <message>
      <source>value is infinite; feature values must be finite</source>
      <translation>值为无穷；特征值必须是有限的</translation>
    </message>
    <message>
      <source>value is missing (set data.missing to "drop" or "mean" to skip or fill missing values)</source>
      <translation>值缺失（把 data.missing 设为 "drop" 或 "mean" 以跳过或填充缺失值）</translation>
    </message>
    <message>
      <source>value is not a number, but the column holds numbers</source>
      <translation>值不是数字，但该列是数值</translation>
    </message>
    <message>
      <source>value length ({v[-2]}) must equal key length ({k[-2]})</source>
      <translation>值的长度（{v[-2]}）必须等于键的长度（{k[-2]}）</translation>
    </message>
    <message>
      <source>value only applies to constant padding, not {mode}</source>
      <translation>value 只适用于常量填充，不适用于 {mode}</translation>
    </message>
    <message>
      <source>value was not among the column's {len(index)} categories in training</source>
      <translation>该值不在训练时此列的 {len(index)} 个类别之中</translation>
    </message>
    <message>
      <source>vanishing gradients (norm {self.grad_norm})</source>
      <translation>梯度消失（范数 {self.grad_norm}）</translation>
    </message>
    <message>
      <source>would leave a scalar per sample</source>
      <translation>会让每个样本只剩一个标量</translation>
    </message>
    <message>
      <source>would leave a scalar per sample; use Slice to keep the dim</source>
      <translation>会让每个样本只剩一个标量；请用 Slice 保留该维度</translation>
    </message>
    <message>
      <source>would reduce every sample to a scalar; keep one dim (keepdim)</source>
      <translation>会把每个样本归约为一个标量；请保留一个维度（keepdim）</translation>
    </message>
    <message>
      <source>written by a newer LayerLab (format version {version}); this version reads up to {FORMAT_VERSION}. Please upgrade LayerLab.</source>
      <translation>由更新版本的 LayerLab 写入（格式版本 {version}）；此版本最多读取 {FORMAT_VERSION}。请升级 LayerLab。</translation>
    </message>
    <message>
      <source>x has {len(x)} samples but y has {len(y)}</source>
      <translation>x 有 {len(x)} 个样本，但 y 有 {len(y)} 个</translation>
    </message>
    <message>
      <source>{' and '.join(keys)} are one tensor in the module (tied weights); the graph holds a copy for each, which train apart</source>
      <translation>{' and '.join(keys)} 在模块中是同一个张量（权重共享）；图中为每个名字各保存一份副本，训练时各自更新</translation>
    </message>
    <message>
      <source>{Path(str(where)).name}: {err.strerror or err}</source>
      <translation>{Path(str(where)).name}：{err.strerror or err}</translation>
    </message>
    <message>
      <source>{_label(node)}: {err}</source>
      <translation>{_label(node)}：{err}</translation>
    </message>
    <message>
      <source>{cfg.get('name')} needs classes 2 to {len(names)}, channels &gt;= 1 and size &gt;= 8; got classes {classes}, channels {channels}, size {size}</source>
      <translation>{cfg.get('name')} 需要 classes 在 2 到 {len(names)} 之间、channels &gt;= 1 且 size &gt;= 8；得到 classes {classes}、channels {channels}、size {size}</translation>
    </message>
    <message>
      <source>{channels} channels are not divisible by num_groups {groups}</source>
      <translation>{channels} 个通道不能被 num_groups {groups} 整除</translation>
    </message>
    <message>
      <source>{high} {p[high]} must be above {low} {p[low]}</source>
      <translation>{high} {p[high]} 必须大于 {low} {p[low]}</translation>
    </message>
    <message>
      <source>{last.type} feeds Output '{out.id}': {clash}</source>
      <translation>{last.type} 连到 Output“{out.id}”：{clash}</translation>
    </message>
    <message>
      <source>{last.type} right before the Output randomly zeroes predictions while training; move it before the last layer</source>
      <translation>紧挨 Output 的 {last.type} 会在训练时随机把预测置零；请把它移到最后一层之前</translation>
    </message>
    <message>
      <source>{layer} before the Output clips negative logits to 0, so the loss cannot push scores down; remove it</source>
      <translation>Output 之前的 {layer} 会把负的 logits 截为 0，损失无法把分数压低；请去掉它</translation>
    </message>
    <message>
      <source>{layer} before the Output clips negative logits to 0, so the model can never predict the negative class well; remove it</source>
      <translation>Output 之前的 {layer} 会把负的 logits 截为 0，模型永远无法很好地预测负类；请去掉它</translation>
    </message>
    <message>
      <source>{layer} {problem}</source>
      <translation>{layer} {problem}</translation>
    </message>
    <message>
      <source>{layer} {problem} from {source}</source>
      <translation>{layer} {problem}（来自 {source}）</translation>
    </message>
    <message>
      <source>{len(classes)} classes: {', '.join(classes)}</source>
      <translation>{len(classes)} 个类别：{', '.join(classes)}</translation>
    </message>
    <message>
      <source>{len(images)} images but {len(labels)} labels in {cfg['labels']}</source>
      <translation>{len(images)} 张图像，但 {cfg['labels']} 中有 {len(labels)} 个标签</translation>
    </message>
    <message>
      <source>{len(x)} samples but {len(y)} targets</source>
      <translation>{len(x)} 个样本，但有 {len(y)} 个目标</translation>
    </message>
    <message>
      <source>{message}; set {layer}'s size to {classes}</source>
      <translation>{message}；请把 {layer} 的大小设为 {classes}</translation>
    </message>
    <message>
      <source>{mode} pad {max(before, after)} is too large for size {out[axis]}</source>
      <translation>{mode} 填充 {max(before, after)} 对大小 {out[axis]} 来说太大</translation>
    </message>
    <message>
      <source>{name} needs 2 classes and one output; the data has {data.num_classes} classes and {where} (use CrossEntropyLoss for more classes)</source>
      <translation>{name} 需要 2 个类别和一个输出；数据有 {data.num_classes} 个类别，且{where}（类别更多时请用 CrossEntropyLoss）</translation>
    </message>
    <message>
      <source>{name} needs class targets; the data is a regression task</source>
      <translation>{name} 需要类别目标；数据是回归任务</translation>
    </message>
    <message>
      <source>{name} needs {len(spatial)} values for input {shape}</source>
      <translation>对输入 {shape}，{name} 需要 {len(spatial)} 个值</translation>
    </message>
    <message>
      <source>{name} {p[name]} is not a dimension of {fmt_shape(shapes[0])} (batch is dim 0)</source>
      <translation>{name} {p[name]} 不是 {fmt_shape(shapes[0])} 的维度（批维度是 dim 0）</translation>
    </message>
    <message>
      <source>{node.type} cannot take input {_shapes(shapes)}: {err}</source>
      <translation>{node.type} 不能接收输入 {_shapes(shapes)}：{err}</translation>
    </message>
    <message>
      <source>{node.type} needs {low} input(s); {count} connected</source>
      <translation>{node.type} 需要 {low} 个输入；已连接 {count} 个</translation>
    </message>
    <message>
      <source>{node.type} output would be {fmt_shape(info.output)} for input {_shapes(shapes)}: a size is not positive</source>
      <translation>对输入 {_shapes(shapes)}，{node.type} 的输出将是 {fmt_shape(info.output)}：有大小不是正数</translation>
    </message>
    <message>
      <source>{node.type} takes at most {high} input(s); {count} connected</source>
      <translation>{node.type} 最多接收 {high} 个输入；已连接 {count} 个</translation>
    </message>
    <message>
      <source>{node.type} takes at most {high} input(s); {len(edges)} connected</source>
      <translation>{node.type} 最多接收 {high} 个输入；已连接 {len(edges)} 个</translation>
    </message>
    <message>
      <source>{path.name} is empty</source>
      <translation>{path.name} 是空的</translation>
    </message>
    <message>
      <source>{path.name}: {head}…</source>
      <translation>{path.name}：{head}…</translation>
    </message>
    <message>
      <source>{path.name}: {listed}</source>
      <translation>{path.name}：{listed}</translation>
    </message>
    <message>
      <source>{path}: has no layerlab.graph metadata; use load_weights_into</source>
      <translation>{path}：没有 layerlab.graph 元数据；请用 load_weights_into</translation>
    </message>
    <message>
      <source>{path}: labels {problem}</source>
      <translation>{path}：标签{problem}</translation>
    </message>
    <message>
      <source>{path}: not a safetensors weights file ({err})</source>
      <translation>{path}：不是 safetensors 权重文件（{err}）</translation>
    </message>
    <message>
      <source>{path}: predict needs a model with one Input and one Output</source>
      <translation>{path}：predict 需要只有一个 Input 和一个 Output 的模型</translation>
    </message>
    <message>
      <source>{path}: the graph in the file needs {needed} parameters but the file holds {stored} values; the file is damaged or was changed</source>
      <translation>{path}：文件中的图需要 {needed} 个参数，但文件只有 {stored} 个值；文件已损坏或被改动</translation>
    </message>
    <message>
      <source>{path}: {PREFIX}graph is nested too deeply</source>
      <translation>{path}：{PREFIX}graph 嵌套太深</translation>
    </message>
    <message>
      <source>{path}: {PREFIX}graph: {err}</source>
      <translation>{path}：{PREFIX}graph：{err}</translation>
    </message>
    <message>
      <source>{path}: {PREFIX}normalization does not fit the model's Input ({features} values); the file is damaged or was changed</source>
      <translation>{path}：{PREFIX}normalization 与模型的 Input（{features} 个值）不符；文件已损坏或被改动</translation>
    </message>
    <message>
      <source>{path}: {key} is nested too deeply</source>
      <translation>{path}：{key} 嵌套太深</translation>
    </message>
    <message>
      <source>{path}: {key} is not valid JSON ({err.msg})</source>
      <translation>{path}：{key} 不是有效的 JSON（{err.msg}）</translation>
    </message>
    <message>
      <source>{path}: {problem}</source>
      <translation>{path}：{problem}</translation>
    </message>
    <message>
      <source>{root}: no class folders (one sub-folder per class)</source>
      <translation>{root}：没有类别文件夹（每个类别一个子文件夹）</translation>
    </message>
    <message>
      <source>{root}: not a folder</source>
      <translation>{root}：不是文件夹</translation>
    </message>
    <message>
      <source>{samples} samples, generated when training starts (seeded).</source>
      <translation>{samples} 个样本，在训练开始时生成（固定种子）。</translation>
    </message>
    <message>
      <source>{self.resume_from}: the checkpoint was made for another graph</source>
      <translation>{self.resume_from}：该检查点是为另一个图生成的</translation>
    </message>
    <message>
      <source>{self.resume_from}: the checkpoint was made with {made_with}; this run uses {now}</source>
      <translation>{self.resume_from}：该检查点使用 {made_with} 生成；本次运行使用 {now}</translation>
    </message>
    <message>
      <source>{self.type} has no param '{key}'{did_you}; it takes: {takes}</source>
      <translation>{self.type} 没有参数“{key}”{did_you}；它接受：{takes}</translation>
    </message>
    <message>
      <source>{self.type} needs this param</source>
      <translation>{self.type} 需要此参数</translation>
    </message>
    <message>
      <source>{what} {value} are not divisible by groups {groups}</source>
      <translation>{what} {value} 不能被 groups {groups} 整除</translation>
    </message>
    <message>
      <source>{what}: {err.msg}</source>
      <translation>{what}：{err.msg}</translation>
    </message>
    <message>
      <source>{where} ({kind}) needs image samples (channels, height, width); the data gives {tuple(sample_shape)}</source>
      <translation>{where}（{kind}）需要图像样本（通道、高、宽）；数据给出的是 {tuple(sample_shape)}</translation>
    </message>
    <message>
      <source>{where} ({kind}): unknown setting {extra[0]}; has {sorted(known)}</source>
      <translation>{where}（{kind}）：未知设置 {extra[0]}；可用的有 {sorted(known)}</translation>
    </message>
    <message>
      <source>{where} ({kind}): {spec.name} {err.detail}</source>
      <translation>{where}（{kind}）：{spec.name} {err.detail}</translation>
    </message>
    <message>
      <source>{where}.{key}: '{name}' is not a folder</source>
      <translation>{where}.{key}：“{name}”不是文件夹</translation>
    </message>
    <message>
      <source>{where}.{key}: '{name}' is {kind}; a file is needed</source>
      <translation>{where}.{key}：“{name}”是{kind}；需要文件</translation>
    </message>
    <message>
      <source>{where}.{key}: no such {wanted} '{name}'</source>
      <translation>{where}.{key}：{wanted}“{name}”不存在</translation>
    </message>
    <message>
      <source>{where}: cannot read ({text})</source>
      <translation>{where}：无法读取（{text}）</translation>
    </message>
    <message>
      <source>{where}: unknown augmentation {given}; choose one of {', '.join(AUGMENTATIONS)}</source>
      <translation>{where}：未知的数据增强 {given}；请从 {', '.join(AUGMENTATIONS)} 中选择</translation>
    </message>
    <message>
      <source>{width_name} {width} (the input features) is not divisible by {heads} heads</source>
      <translation>{width_name} {width}（输入特征数）不能被 {heads} 个头整除</translation>
    </message>
  </context>
  <context>
    <name>settings</name>
    <message>
      <source>1 grey or 3 RGB</source>
      <translation>1 为灰度，3 为 RGB</translation>
    </message>
    <message>
      <source>Alpha</source>
      <translation>Alpha</translation>
    </message>
    <message>
      <source>Amsgrad</source>
      <translation>AMSGrad</translation>
    </message>
    <message>
      <source>Batch size</source>
      <translation>批大小</translation>
    </message>
    <message>
      <source>Brightness</source>
      <translation>亮度</translation>
    </message>
    <message>
      <source>CPU threads for torch (empty: chosen from the cores free when the run starts)</source>
      <translation>torch 使用的 CPU 线程数（留空：按运行开始时空闲的核心数选择）</translation>
    </message>
    <message>
      <source>CSV file with a header row</source>
      <translation>带表头行的 CSV 文件</translation>
    </message>
    <message>
      <source>Cache</source>
      <translation>缓存</translation>
    </message>
    <message>
      <source>Channels</source>
      <translation>通道数</translation>
    </message>
    <message>
      <source>Classes</source>
      <translation>类别数</translation>
    </message>
    <message>
      <source>Color jitter</source>
      <translation>颜色抖动</translation>
    </message>
    <message>
      <source>Compile</source>
      <translation>编译</translation>
    </message>
    <message>
      <source>Context</source>
      <translation>上下文长度</translation>
    </message>
    <message>
      <source>Contrast</source>
      <translation>对比度</translation>
    </message>
    <message>
      <source>Degrees</source>
      <translation>角度</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <source>Epochs</source>
      <translation>轮数</translation>
    </message>
    <message>
      <source>Eta min</source>
      <translation>最低学习率</translation>
    </message>
    <message>
      <source>Factor</source>
      <translation>因子</translation>
    </message>
    <message>
      <source>Features</source>
      <translation>特征</translation>
    </message>
    <message>
      <source>Gamma</source>
      <translation>Gamma</translation>
    </message>
    <message>
      <source>Gaussian clusters, one per class</source>
      <translation>高斯簇，每个类别一个</translation>
    </message>
    <message>
      <source>Gaussian noise</source>
      <translation>高斯噪声</translation>
    </message>
    <message>
      <source>Grad clip</source>
      <translation>梯度裁剪</translation>
    </message>
    <message>
      <source>Hflip</source>
      <translation>水平翻转</translation>
    </message>
    <message>
      <source>Hue</source>
      <translation>色相</translation>
    </message>
    <message>
      <source>IDX images file (MNIST format)</source>
      <translation>IDX 图像文件（MNIST 格式）</translation>
    </message>
    <message>
      <source>IDX labels file</source>
      <translation>IDX 标签文件</translation>
    </message>
    <message>
      <source>Images</source>
      <translation>图像</translation>
    </message>
    <message>
      <source>L2 penalty</source>
      <translation>L2 惩罚</translation>
    </message>
    <message>
      <source>Labels</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Length</source>
      <translation>长度</translation>
    </message>
    <message>
      <source>Lr</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>Max norm</source>
      <translation>最大范数</translation>
    </message>
    <message>
      <source>Mean</source>
      <translation>均值</translation>
    </message>
    <message>
      <source>Min delta</source>
      <translation>最小变化</translation>
    </message>
    <message>
      <source>Missing</source>
      <translation>缺失值</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>模式</translation>
    </message>
    <message>
      <source>Momentum</source>
      <translation>动量</translation>
    </message>
    <message>
      <source>Monitor</source>
      <translation>监控指标</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Nesterov</source>
      <translation>Nesterov</translation>
    </message>
    <message>
      <source>Nesterov momentum (needs momentum &gt; 0)</source>
      <translation>Nesterov 动量（需要 momentum &gt; 0）</translation>
    </message>
    <message>
      <source>Noise</source>
      <translation>噪声</translation>
    </message>
    <message>
      <source>Norm type</source>
      <translation>范数类型</translation>
    </message>
    <message>
      <source>Normalize</source>
      <translation>标准化</translation>
    </message>
    <message>
      <source>Num threads</source>
      <translation>线程数</translation>
    </message>
    <message>
      <source>NumPy .npz archive</source>
      <translation>NumPy .npz 归档</translation>
    </message>
    <message>
      <source>P</source>
      <translation>概率</translation>
    </message>
    <message>
      <source>Padding</source>
      <translation>填充</translation>
    </message>
    <message>
      <source>Path</source>
      <translation>路径</translation>
    </message>
    <message>
      <source>Patience</source>
      <translation>耐心轮数</translation>
    </message>
    <message>
      <source>Pct start</source>
      <translation>上升比例</translation>
    </message>
    <message>
      <source>Precision</source>
      <translation>精度</translation>
    </message>
    <message>
      <source>Random crop</source>
      <translation>随机裁剪</translation>
    </message>
    <message>
      <source>Random resized crop</source>
      <translation>随机缩放裁剪</translation>
    </message>
    <message>
      <source>Ratio</source>
      <translation>宽高比</translation>
    </message>
    <message>
      <source>Rotation</source>
      <translation>旋转</translation>
    </message>
    <message>
      <source>Samples</source>
      <translation>样本数</translation>
    </message>
    <message>
      <source>Saturation</source>
      <translation>饱和度</translation>
    </message>
    <message>
      <source>Scale</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Shuffle</source>
      <translation>打乱</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>尺寸</translation>
    </message>
    <message>
      <source>Std</source>
      <translation>标准差</translation>
    </message>
    <message>
      <source>Step size</source>
      <translation>步长</translation>
    </message>
    <message>
      <source>Stride</source>
      <translation>步幅</translation>
    </message>
    <message>
      <source>Target</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>UTF-8 text file</source>
      <translation>UTF-8 文本文件</translation>
    </message>
    <message>
      <source>Validation split</source>
      <translation>验证集比例</translation>
    </message>
    <message>
      <source>Vflip</source>
      <translation>垂直翻转</translation>
    </message>
    <message>
      <source>Weight decay</source>
      <translation>权重衰减</translation>
    </message>
    <message>
      <source>X</source>
      <translation>X</translation>
    </message>
    <message>
      <source>Y</source>
      <translation>Y</translation>
    </message>
    <message>
      <source>array of samples (or a .npy file when path is empty)</source>
      <translation>样本数组（path 为空时为 .npy 文件）</translation>
    </message>
    <message>
      <source>array of targets (or a .npy file when path is empty)</source>
      <translation>目标数组（path 为空时为 .npy 文件）</translation>
    </message>
    <message>
      <source>auto, cpu, cuda, cuda:N or mps (checked when training)</source>
      <translation>auto、cpu、cuda、cuda:N 或 mps（训练时检查）</translation>
    </message>
    <message>
      <source>chance of a left-right flip</source>
      <translation>左右翻转的概率</translation>
    </message>
    <message>
      <source>chance of an upside-down flip</source>
      <translation>上下翻转的概率</translation>
    </message>
    <message>
      <source>characters between samples</source>
      <translation>样本之间相隔的字符数</translation>
    </message>
    <message>
      <source>characters per sample</source>
      <translation>每个样本的字符数</translation>
    </message>
    <message>
      <source>class 1 where the coordinates' signs differ (2 features)</source>
      <translation>坐标符号不同处为类别 1（2 个特征）</translation>
    </message>
    <message>
      <source>classes (blobs, spirals, shapes, digits)</source>
      <translation>类别数（blobs、spirals、shapes、digits）</translation>
    </message>
    <message>
      <source>clip the gradient norm to this</source>
      <translation>把梯度范数裁剪到此值</translation>
    </message>
    <message>
      <source>column to predict</source>
      <translation>要预测的列</translation>
    </message>
    <message>
      <source>decoupled weight decay</source>
      <translation>解耦的权重衰减</translation>
    </message>
    <message>
      <source>empty cells</source>
      <translation>空单元格</translation>
    </message>
    <message>
      <source>epochs between decays</source>
      <translation>两次衰减之间的轮数</translation>
    </message>
    <message>
      <source>epochs without improvement before stopping</source>
      <translation>停止前允许没有改进的轮数</translation>
    </message>
    <message>
      <source>epochs without improvement first</source>
      <translation>先允许没有改进的轮数</translation>
    </message>
    <message>
      <source>factor per decay</source>
      <translation>每次衰减的因子</translation>
    </message>
    <message>
      <source>factor per epoch</source>
      <translation>每轮的因子</translation>
    </message>
    <message>
      <source>factor when the loss stalls</source>
      <translation>损失停滞时的因子</translation>
    </message>
    <message>
      <source>feature columns (empty: all but the target)</source>
      <translation>特征列（留空：除目标外的所有列）</translation>
    </message>
    <message>
      <source>features (blobs, regression)</source>
      <translation>特征数（blobs、regression）</translation>
    </message>
    <message>
      <source>folder with one sub-folder per class</source>
      <translation>每个类别一个子文件夹的文件夹</translation>
    </message>
    <message>
      <source>fraction of the last step kept</source>
      <translation>保留上一步的比例</translation>
    </message>
    <message>
      <source>history value to watch (val_loss, val_accuracy, ...)</source>
      <translation>要监控的历史值（val_loss、val_accuracy 等）</translation>
    </message>
    <message>
      <source>how many samples</source>
      <translation>样本数量</translation>
    </message>
    <message>
      <source>image channels (shapes)</source>
      <translation>图像通道数（shapes）</translation>
    </message>
    <message>
      <source>image side (shapes)</source>
      <translation>图像边长（shapes）</translation>
    </message>
    <message>
      <source>images are resized to size x size</source>
      <translation>图像会缩放为 size x size</translation>
    </message>
    <message>
      <source>interleaved spiral arms (2 features)</source>
      <translation>交错的螺旋臂（2 个特征）</translation>
    </message>
    <message>
      <source>largest brightness change (share)</source>
      <translation>最大亮度变化（比例）</translation>
    </message>
    <message>
      <source>largest change of aspect ratio</source>
      <translation>最大宽高比变化</translation>
    </message>
    <message>
      <source>largest contrast change (share)</source>
      <translation>最大对比度变化（比例）</translation>
    </message>
    <message>
      <source>largest gradient norm</source>
      <translation>最大梯度范数</translation>
    </message>
    <message>
      <source>largest hue shift (turns)</source>
      <translation>最大色相偏移（圈）</translation>
    </message>
    <message>
      <source>largest saturation change (share)</source>
      <translation>最大饱和度变化（比例）</translation>
    </message>
    <message>
      <source>largest turn either way</source>
      <translation>任一方向的最大旋转</translation>
    </message>
    <message>
      <source>learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>lower or higher is better</source>
      <translation>越低越好还是越高越好</translation>
    </message>
    <message>
      <source>lowest learning rate</source>
      <translation>最低学习率</translation>
    </message>
    <message>
      <source>memory: decoded once into RAM; disk: a memory-mapped cache; none: decoded per epoch</source>
      <translation>memory：一次解码到内存；disk：内存映射的缓存；none：每轮都解码</translation>
    </message>
    <message>
      <source>noise level (empty: the set's default)</source>
      <translation>噪声水平（留空：数据集默认值）</translation>
    </message>
    <message>
      <source>noise standard deviation</source>
      <translation>噪声标准差</translation>
    </message>
    <message>
      <source>number format of the forward pass</source>
      <translation>前向计算的数值格式</translation>
    </message>
    <message>
      <source>passes over the training data</source>
      <translation>遍历训练数据的次数</translation>
    </message>
    <message>
      <source>per channel (empty: measured on training data)</source>
      <translation>按通道（留空：在训练数据上测量）</translation>
    </message>
    <message>
      <source>run the train step through torch.compile (auto: on a GPU, when the run repays it)</source>
      <translation>用 torch.compile 运行训练步骤（auto：仅在 GPU 上，且运行足够长、值得编译时）</translation>
    </message>
    <message>
      <source>samples per step</source>
      <translation>每步的样本数</translation>
    </message>
    <message>
      <source>seed for generating and splitting the data</source>
      <translation>生成和划分数据的随机种子</translation>
    </message>
    <message>
      <source>seed for initial weights and shuffling</source>
      <translation>初始权重和打乱顺序的随机种子</translation>
    </message>
    <message>
      <source>sequence task</source>
      <translation>序列任务</translation>
    </message>
    <message>
      <source>series: rising vs falling, parity, or sum</source>
      <translation>序列：上升与下降、奇偶性或求和</translation>
    </message>
    <message>
      <source>share of samples held out</source>
      <translation>留出的样本比例</translation>
    </message>
    <message>
      <source>share of steps rising</source>
      <translation>上升阶段的步数比例</translation>
    </message>
    <message>
      <source>shuffle the training rows every epoch</source>
      <translation>每轮打乱训练数据的顺序</translation>
    </message>
    <message>
      <source>small images of the digits 0-9 at random places, sizes and angles</source>
      <translation>数字 0-9 的小图像，位置、大小和角度随机</translation>
    </message>
    <message>
      <source>small images of up to 10 shapes (circle, square, triangle, plus, ring, ...)</source>
      <translation>最多 10 种形状的小图像（圆、正方形、三角形、加号、圆环等）</translation>
    </message>
    <message>
      <source>smallest change that counts</source>
      <translation>计为改进的最小变化</translation>
    </message>
    <message>
      <source>smallest share of the area kept</source>
      <translation>保留面积的最小比例</translation>
    </message>
    <message>
      <source>smoothing of the squared gradient</source>
      <translation>梯度平方的平滑系数</translation>
    </message>
    <message>
      <source>standardise the features</source>
      <translation>标准化特征</translation>
    </message>
    <message>
      <source>steps per series (sequence)</source>
      <translation>每个序列的步数（sequence）</translation>
    </message>
    <message>
      <source>sum of sines plus a square (regression)</source>
      <translation>正弦之和加平方项（回归）</translation>
    </message>
    <message>
      <source>two interleaving half circles (2 features)</source>
      <translation>两个交错的半圆（2 个特征）</translation>
    </message>
    <message>
      <source>use the AMSGrad variant</source>
      <translation>使用 AMSGrad 变体</translation>
    </message>
    <message>
      <source>what the target is</source>
      <translation>目标是什么</translation>
    </message>
    <message>
      <source>what the targets are (empty: integer targets are classes)</source>
      <translation>目标是什么（留空：整数目标视为类别）</translation>
    </message>
    <message>
      <source>which generated data set</source>
      <translation>生成哪个数据集</translation>
    </message>
    <message>
      <source>which norm (2: Euclidean)</source>
      <translation>哪种范数（2：欧几里得）</translation>
    </message>
    <message>
      <source>zero pixels added on each side</source>
      <translation>每边补零的像素数</translation>
    </message>
  </context>
  <context>
    <name>examples</name>
    <message>
      <source>Binary classifier</source>
      <translation>二分类器</translation>
    </message>
    <message>
      <source>Character Transformer LM</source>
      <translation>字符级 Transformer 语言模型</translation>
    </message>
    <message>
      <source>LSTM sequence classifier (trend)</source>
      <translation>LSTM 序列分类器（趋势）</translation>
    </message>
    <message>
      <source>Residual CNN (shapes)</source>
      <translation>残差 CNN（形状）</translation>
    </message>
    <message>
      <source>Small CNN (shapes)</source>
      <translation>小型 CNN（形状）</translation>
    </message>
  </context>
</TS>
