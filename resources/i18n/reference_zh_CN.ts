<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>reference</name>
    <message>
      <source>No inputs: the graph starts here.</source>
      <translation>没有输入：图从这里开始。</translation>
    </message>
    <message>
      <source>One input.</source>
      <translation>一个输入。</translation>
    </message>
    <message>
      <source>Loss</source>
      <translation>损失函数</translation>
    </message>
    <message>
      <source>Optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <source>may be empty</source>
      <translation>可以为空</translation>
    </message>
    <message>
      <source>{low} to {high} inputs, on ports 0 to {last}.</source>
      <translation>{low} 到 {high} 个输入，接在端口 0 到 {last} 上。</translation>
    </message>
    <message>
      <source>Worked out from the incoming shape: {names}</source>
      <translation>由输入形状推算：{names}</translation>
    </message>
    <message>
      <source>None: this layer learns no weights.</source>
      <translation>无：这一层没有要学习的权重。</translation>
    </message>
    <message>
      <source>{formula} = {worked} = {total:,}</source>
      <translation>{formula} = {worked} = {total:,}</translation>
    </message>
    <message>
      <source>Shapes leave out the batch dimension.</source>
      <translation>形状不含批次（batch）维度。</translation>
    </message>
    <message>
      <source>required</source>
      <translation>必填</translation>
    </message>
    <message>
      <source>{count} or more inputs, on ports 0, 1, …</source>
      <translation>{count} 个或更多输入，接在端口 0、1、… 上。</translation>
    </message>
    <message>
      <source>{count} inputs, on ports 0 to {last}.</source>
      <translation>{count} 个输入，接在端口 0 到 {last} 上。</translation>
    </message>
    <message>
      <source>This node: {inputs} → {output}</source>
      <translation>这个节点：{inputs} → {output}</translation>
    </message>
    <message>
      <source>Connect this node's inputs to see its shapes.</source>
      <translation>连接这个节点的输入后即可看到它的形状。</translation>
    </message>
    <message>
      <source>one of {choices}</source>
      <translation>取值之一：{choices}</translation>
    </message>
    <message>
      <source>This node makes samples of shape {output}</source>
      <translation>这个节点产生形状为 {output} 的样本</translation>
    </message>
    <message>
      <source>This node has no output shape: {problem}</source>
      <translation>这个节点没有输出形状：{problem}</translation>
    </message>
    <message>
      <source>What it computes</source>
      <translation>计算内容</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Shape</source>
      <translation>形状</translation>
    </message>
    <message>
      <source>Learned parameters</source>
      <translation>可学习参数</translation>
    </message>
    <message>
      <source>Documentation</source>
      <translation>文档</translation>
    </message>
    <message>
      <source>Function and derivative</source>
      <translation>函数及其导数</translation>
    </message>
    <message>
      <source>What it expects</source>
      <translation>输入要求</translation>
    </message>
    <message>
      <source>Good to know</source>
      <translation>须知</translation>
    </message>
    <message>
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Default</source>
      <translation>默认值</translation>
    </message>
    <message>
      <source>This node</source>
      <translation>本节点</translation>
    </message>
    <message>
      <source>Meaning</source>
      <translation>含义</translation>
    </message>
    <message>
      <source>Activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>max(0, x).</source>
      <translation>max(0, x)。</translation>
    </message>
    <message>
      <source>ReLU(x) = max(0, x)</source>
      <translation>ReLU(x) = max(0, x)</translation>
    </message>
    <message>
      <source>Overwrite the input (saves memory)</source>
      <translation>覆盖输入（节省内存）</translation>
    </message>
    <message>
      <source>x if x &gt; 0 else slope * x.</source>
      <translation>x &gt; 0 时为 x，否则为 slope * x。</translation>
    </message>
    <message>
      <source>f(x) = x if x ≥ 0, else negative_slope · x</source>
      <translation>f(x) = x（x ≥ 0 时），否则为 negative_slope · x</translation>
    </message>
    <message>
      <source>Slope for x &lt; 0</source>
      <translation>x &lt; 0 时的斜率</translation>
    </message>
    <message>
      <source>LeakyReLU with a learned slope.</source>
      <translation>斜率可学习的 LeakyReLU。</translation>
    </message>
    <message>
      <source>f(x) = x if x ≥ 0, else a · x  (a is learned, starting at init)</source>
      <translation>f(x) = x（x ≥ 0 时），否则为 a · x  （a 可学习，初始值为 init）</translation>
    </message>
    <message>
      <source>{num_parameters}</source>
      <translation>{num_parameters}</translation>
    </message>
    <message>
      <source>1, or one slope per channel</source>
      <translation>1，或每个通道一个斜率</translation>
    </message>
    <message>
      <source>Initial slope</source>
      <translation>初始斜率</translation>
    </message>
    <message>
      <source>Exponential linear unit.</source>
      <translation>指数线性单元。</translation>
    </message>
    <message>
      <source>f(x) = x if x &gt; 0, else alpha · (eˣ − 1)</source>
      <translation>f(x) = x（x &gt; 0 时），否则为 alpha · (eˣ − 1)</translation>
    </message>
    <message>
      <source>Saturation for x &lt; 0</source>
      <translation>x &lt; 0 时的饱和值</translation>
    </message>
    <message>
      <source>Self-normalising ELU.</source>
      <translation>自归一化的 ELU。</translation>
    </message>
    <message>
      <source>f(x) = λ · (x if x &gt; 0, else α · (eˣ − 1)),  λ ≈ 1.0507, α ≈ 1.6733</source>
      <translation>f(x) = λ · （x &gt; 0 时为 x，否则为 α · (eˣ − 1)），  λ ≈ 1.0507，α ≈ 1.6733</translation>
    </message>
    <message>
      <source>Gaussian error linear unit (transformers).</source>
      <translation>高斯误差线性单元（Transformer 常用）。</translation>
    </message>
    <message>
      <source>f(x) = x · Φ(x),  Φ: the standard normal CDF</source>
      <translation>f(x) = x · Φ(x)，  Φ：标准正态分布的累积分布函数</translation>
    </message>
    <message>
      <source>tanh approximation</source>
      <translation>tanh 近似</translation>
    </message>
    <message>
      <source>x * sigmoid(x), a.k.a. swish.</source>
      <translation>x * sigmoid(x)，又称 swish。</translation>
    </message>
    <message>
      <source>f(x) = x · σ(x) = x / (1 + e⁻ˣ)</source>
      <translation>f(x) = x · σ(x) = x / (1 + e⁻ˣ)</translation>
    </message>
    <message>
      <source>x * tanh(softplus(x)).</source>
      <translation>x * tanh(softplus(x))。</translation>
    </message>
    <message>
      <source>f(x) = x · tanh(ln(1 + eˣ))</source>
      <translation>f(x) = x · tanh(ln(1 + eˣ))</translation>
    </message>
    <message>
      <source>Squashes to (0, 1).</source>
      <translation>压缩到 (0, 1)。</translation>
    </message>
    <message>
      <source>σ(x) = 1 / (1 + e⁻ˣ)</source>
      <translation>σ(x) = 1 / (1 + e⁻ˣ)</translation>
    </message>
    <message>
      <source>Squashes to (-1, 1).</source>
      <translation>压缩到 (-1, 1)。</translation>
    </message>
    <message>
      <source>tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)</source>
      <translation>tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)</translation>
    </message>
    <message>
      <source>Smooth ReLU: log(1 + exp(beta x)) / beta.</source>
      <translation>平滑的 ReLU：log(1 + exp(beta x)) / beta。</translation>
    </message>
    <message>
      <source>f(x) = ln(1 + e^(beta · x)) / beta,  x where beta · x &gt; threshold</source>
      <translation>f(x) = ln(1 + e^(beta · x)) / beta，  当 beta · x &gt; threshold 时取 x</translation>
    </message>
    <message>
      <source>Sharpness</source>
      <translation>陡峭程度</translation>
    </message>
    <message>
      <source>Linear above this</source>
      <translation>超过此值时为线性</translation>
    </message>
    <message>
      <source>Cheap swish for mobile nets: x * ReLU6(x + 3) / 6.</source>
      <translation>移动端网络用的廉价 swish：x * ReLU6(x + 3) / 6。</translation>
    </message>
    <message>
      <source>f(x) = x · min(max(0, x + 3), 6) / 6</source>
      <translation>f(x) = x · min(max(0, x + 3), 6) / 6</translation>
    </message>
    <message>
      <source>min(max(0, x), 6): ReLU capped at 6 (mobile nets).</source>
      <translation>min(max(0, x), 6)：上限为 6 的 ReLU（移动端网络）。</translation>
    </message>
    <message>
      <source>f(x) = min(max(0, x), 6)</source>
      <translation>f(x) = min(max(0, x), 6)</translation>
    </message>
    <message>
      <source>x clipped to [min_val, max_val].</source>
      <translation>把 x 截断到 [min_val, max_val]。</translation>
    </message>
    <message>
      <source>f(x) = min(max(min_val, x), max_val)</source>
      <translation>f(x) = min(max(min_val, x), max_val)</translation>
    </message>
    <message>
      <source>Lower bound</source>
      <translation>下界</translation>
    </message>
    <message>
      <source>Upper bound (above min_val)</source>
      <translation>上界（须大于 min_val）</translation>
    </message>
    <message>
      <source>Cheap sigmoid: ReLU6(x + 3) / 6.</source>
      <translation>廉价的 sigmoid：ReLU6(x + 3) / 6。</translation>
    </message>
    <message>
      <source>f(x) = min(max(0, x + 3), 6) / 6</source>
      <translation>f(x) = min(max(0, x + 3), 6) / 6</translation>
    </message>
    <message>
      <source>Continuously differentiable ELU.</source>
      <translation>连续可微的 ELU。</translation>
    </message>
    <message>
      <source>f(x) = max(0, x) + min(0, alpha · (e^(x / alpha) − 1))</source>
      <translation>f(x) = max(0, x) + min(0, alpha · (e^(x / alpha) − 1))</translation>
    </message>
    <message>
      <source>LeakyReLU with a random slope in [lower, upper] while training, their mean in eval.</source>
      <translation>训练时斜率在 [lower, upper] 中随机取值的 LeakyReLU，评估时取其平均值。</translation>
    </message>
    <message>
      <source>f(x) = x if x ≥ 0, else a · x,  a ~ U(lower, upper) while training, (lower + upper) / 2 in eval</source>
      <translation>f(x) = x（x ≥ 0 时），否则为 a · x，  训练时 a ~ U(lower, upper)，评估时 a = (lower + upper) / 2</translation>
    </message>
    <message>
      <source>Smallest slope</source>
      <translation>最小斜率</translation>
    </message>
    <message>
      <source>Largest slope</source>
      <translation>最大斜率</translation>
    </message>
    <message>
      <source>x if x &gt; threshold else value.</source>
      <translation>x &gt; threshold 时为 x，否则为 value。</translation>
    </message>
    <message>
      <source>f(x) = x if x &gt; threshold, else value</source>
      <translation>f(x) = x（x &gt; threshold 时），否则为 value</translation>
    </message>
    <message>
      <source>Values at or below this are replaced</source>
      <translation>小于或等于此值的数会被替换</translation>
    </message>
    <message>
      <source>What replaces them</source>
      <translation>用来替换的值</translation>
    </message>
    <message>
      <source>x where |x| &gt; lambd, else 0.</source>
      <translation>|x| &gt; lambd 时为 x，否则为 0。</translation>
    </message>
    <message>
      <source>f(x) = x if |x| &gt; lambd, else 0</source>
      <translation>f(x) = x（|x| &gt; lambd 时），否则为 0</translation>
    </message>
    <message>
      <source>Half-width of the zero band</source>
      <translation>零区间的半宽</translation>
    </message>
    <message>
      <source>Shrinks x towards 0 by lambd (0 inside the band).</source>
      <translation>把 x 向 0 收缩 lambd（区间内为 0）。</translation>
    </message>
    <message>
      <source>f(x) = x − lambd if x &gt; lambd, x + lambd if x &lt; −lambd, else 0</source>
      <translation>f(x) = x − lambd（x &gt; lambd 时），x + lambd（x &lt; −lambd 时），否则为 0</translation>
    </message>
    <message>
      <source>x - tanh(x).</source>
      <translation>x - tanh(x)。</translation>
    </message>
    <message>
      <source>f(x) = x − tanh(x)</source>
      <translation>f(x) = x − tanh(x)</translation>
    </message>
    <message>
      <source>x / (1 + |x|).</source>
      <translation>x / (1 + |x|)。</translation>
    </message>
    <message>
      <source>f(x) = x / (1 + |x|)</source>
      <translation>f(x) = x / (1 + |x|)</translation>
    </message>
    <message>
      <source>log(sigmoid(x)), computed stably.</source>
      <translation>log(sigmoid(x))，以数值稳定的方式计算。</translation>
    </message>
    <message>
      <source>f(x) = ln σ(x) = −ln(1 + e⁻ˣ)</source>
      <translation>f(x) = ln σ(x) = −ln(1 + e⁻ˣ)</translation>
    </message>
    <message>
      <source>Softmax of -x along dim.</source>
      <translation>沿 dim 对 -x 做 Softmax。</translation>
    </message>
    <message>
      <source>yᵢ = e^(−xᵢ) / Σⱼ e^(−xⱼ), along dim</source>
      <translation>yᵢ = e^(−xᵢ) / Σⱼ e^(−xⱼ)，沿 dim</translation>
    </message>
    <message>
      <source>Dimension to normalise over (batch is dim 0)</source>
      <translation>进行归一化的维度（批次为第 0 维）</translation>
    </message>
    <message>
      <source>Softmax over the channels of (C, H, W) input.</source>
      <translation>对 (C, H, W) 输入的通道做 Softmax。</translation>
    </message>
    <message>
      <source>y_c = e^(x_c) / Σ_k e^(x_k), over the channels at each pixel</source>
      <translation>y_c = e^(x_c) / Σ_k e^(x_k)，在每个像素上沿通道计算</translation>
    </message>
    <message>
      <source>Gated linear unit: splits dim in halves a, b and returns a * sigmoid(b).</source>
      <translation>门控线性单元：把 dim 维分成两半 a、b，返回 a * sigmoid(b)。</translation>
    </message>
    <message>
      <source>GLU(x) = a ⊙ σ(b),  where a, b are the two halves of x along dim</source>
      <translation>GLU(x) = a ⊙ σ(b)，  其中 a、b 是 x 沿 dim 分成的两半</translation>
    </message>
    <message>
      <source>Dimension to split in halves (batch is dim 0)</source>
      <translation>要分成两半的维度（批次为第 0 维）</translation>
    </message>
    <message>
      <source>Turns scores into probabilities along dim.</source>
      <translation>沿 dim 把分数变成概率。</translation>
    </message>
    <message>
      <source>yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ), along dim</source>
      <translation>yᵢ = e^(xᵢ) / Σⱼ e^(xⱼ)，沿 dim</translation>
    </message>
    <message>
      <source>log(Softmax); pair with NLLLoss.</source>
      <translation>log(Softmax)；与 NLLLoss 搭配使用。</translation>
    </message>
    <message>
      <source>yᵢ = xᵢ − ln Σⱼ e^(xⱼ), along dim</source>
      <translation>yᵢ = xᵢ − ln Σⱼ e^(xⱼ)，沿 dim</translation>
    </message>
    <message>
      <source>Convolution</source>
      <translation>卷积</translation>
    </message>
    <message>
      <source>Slides learned filters over (C, L) input.</source>
      <translation>在 (C, L) 输入上滑动可学习的滤波器。</translation>
    </message>
    <message>
      <source>y[o] = b[o] + Σᵢ W[o, i] ⋆ x[i],  ⋆: the kernel slid over the input (cross-correlation), o: output channel, i: input channel of its group</source>
      <translation>y[o] = b[o] + Σᵢ W[o, i] ⋆ x[i]，  ⋆：卷积核在输入上滑动（互相关），o：输出通道，i：所在分组的输入通道</translation>
    </message>
    <message>
      <source>{out_channels} × {in_channels} / {groups} × {kernel_size} + {out_channels} × {bias}</source>
      <translation>{out_channels} × {in_channels} / {groups} × {kernel_size} + {out_channels} × {bias}</translation>
    </message>
    <message>
      <source>Output channels (filters)</source>
      <translation>输出通道数（滤波器个数）</translation>
    </message>
    <message>
      <source>Window size</source>
      <translation>窗口大小</translation>
    </message>
    <message>
      <source>Step between windows</source>
      <translation>窗口之间的步长</translation>
    </message>
    <message>
      <source>Zeros added on each side; "same" keeps the size (stride 1)</source>
      <translation>每侧补零的数量；"same" 保持尺寸不变（步长为 1 时）</translation>
    </message>
    <message>
      <source>Spacing between kernel taps</source>
      <translation>卷积核各抽头之间的间隔</translation>
    </message>
    <message>
      <source>Split channels into independent groups</source>
      <translation>把通道分成相互独立的组</translation>
    </message>
    <message>
      <source>Learn an additive bias per channel</source>
      <translation>每个通道学习一个加性偏置</translation>
    </message>
    <message>
      <source>Slides learned filters over (C, H, W) input.</source>
      <translation>在 (C, H, W) 输入上滑动可学习的滤波器。</translation>
    </message>
    <message>
      <source>Slides learned filters over (C, D, H, W) input.</source>
      <translation>在 (C, D, H, W) 输入上滑动可学习的滤波器。</translation>
    </message>
    <message>
      <source>Learned upsampling: the gradient of Conv1d, growing (C, L) input.</source>
      <translation>可学习的上采样：Conv1d 的梯度运算，放大 (C, L) 输入。</translation>
    </message>
    <message>
      <source>y = b + Σᵢ x[i] · W[i] placed at stride steps: each input value stamps a weighted kernel into the output (the transpose of a convolution)</source>
      <translation>y = b + Σᵢ x[i] · W[i] 按步长放置：每个输入值把加权的卷积核印到输出上（卷积的转置）</translation>
    </message>
    <message>
      <source>{in_channels} × {out_channels} / {groups} × {kernel_size} + {out_channels} × {bias}</source>
      <translation>{in_channels} × {out_channels} / {groups} × {kernel_size} + {out_channels} × {bias}</translation>
    </message>
    <message>
      <source>Zeros added on each side</source>
      <translation>每侧补零的数量</translation>
    </message>
    <message>
      <source>Extra size on one side</source>
      <translation>某一侧额外增加的尺寸</translation>
    </message>
    <message>
      <source>Learned upsampling: the gradient of Conv2d, growing (C, H, W) input.</source>
      <translation>可学习的上采样：Conv2d 的梯度运算，放大 (C, H, W) 输入。</translation>
    </message>
    <message>
      <source>Input/Output</source>
      <translation>输入/输出</translation>
    </message>
    <message>
      <source>Where data enters the model.</source>
      <translation>数据进入模型的地方。</translation>
    </message>
    <message>
      <source>x = a batch of samples, each of the given shape</source>
      <translation>x = 一批样本，每个样本具有给定的形状</translation>
    </message>
    <message>
      <source>Shape of one sample, without the batch dimension</source>
      <translation>单个样本的形状，不含批次维度</translation>
    </message>
    <message>
      <source>Element type: int64 for token ids</source>
      <translation>元素类型：token id 用 int64</translation>
    </message>
    <message>
      <source>A model output: what the loss and predictions read.</source>
      <translation>模型的输出：损失函数和预测读取的就是它。</translation>
    </message>
    <message>
      <source>y = x</source>
      <translation>y = x</translation>
    </message>
    <message>
      <source>Utility</source>
      <translation>工具</translation>
    </message>
    <message>
      <source>Passes its input through unchanged.</source>
      <translation>原样传递输入。</translation>
    </message>
    <message>
      <source>Linear</source>
      <translation>线性</translation>
    </message>
    <message>
      <source>Fully connected layer: y = xW^T + b over the last dimension.</source>
      <translation>全连接层：在最后一维上计算 y = xW^T + b。</translation>
    </message>
    <message>
      <source>y = x · Wᵀ + b,  W: out_features × in_features,  b: out_features</source>
      <translation>y = x · Wᵀ + b，  W：out_features × in_features，  b：out_features</translation>
    </message>
    <message>
      <source>{in_features} × {out_features} + {out_features} × {bias}</source>
      <translation>{in_features} × {out_features} + {out_features} × {bias}</translation>
    </message>
    <message>
      <source>Output features</source>
      <translation>输出特征数</translation>
    </message>
    <message>
      <source>Learn an additive bias</source>
      <translation>学习一个加性偏置</translation>
    </message>
    <message>
      <source>y = x1^T A x2 + b: a learned product of two inputs (port 0 and port 1).</source>
      <translation>y = x1^T A x2 + b：两个输入（端口 0 和端口 1）的可学习乘积。</translation>
    </message>
    <message>
      <source>yₖ = x₁ᵀ · Aₖ · x₂ + bₖ,  for k = 1 … out_features</source>
      <translation>yₖ = x₁ᵀ · Aₖ · x₂ + bₖ，  k = 1 … out_features</translation>
    </message>
    <message>
      <source>{in1_features} × {in2_features} × {out_features} + {out_features} × {bias}</source>
      <translation>{in1_features} × {in2_features} × {out_features} + {out_features} × {bias}</translation>
    </message>
    <message>
      <source>Reshape</source>
      <translation>变形</translation>
    </message>
    <message>
      <source>Flattens a range of dimensions into one.</source>
      <translation>把一段连续的维度展平成一维。</translation>
    </message>
    <message>
      <source>y = x.flatten(start_dim, end_dim)</source>
      <translation>y = x.flatten(start_dim, end_dim)</translation>
    </message>
    <message>
      <source>First dim to flatten (batch is dim 0)</source>
      <translation>要展平的第一维（批次为第 0 维）</translation>
    </message>
    <message>
      <source>Last dim to flatten</source>
      <translation>要展平的最后一维</translation>
    </message>
    <message>
      <source>Splits one dimension into several, e.g. (784,) into (1, 28, 28).</source>
      <translation>把一个维度拆成几个，例如把 (784,) 拆成 (1, 28, 28)。</translation>
    </message>
    <message>
      <source>y = x.unflatten(dim, unflattened_size)</source>
      <translation>y = x.unflatten(dim, unflattened_size)</translation>
    </message>
    <message>
      <source>Dimension to split (batch is dim 0)</source>
      <translation>要拆分的维度（批次为第 0 维）</translation>
    </message>
    <message>
      <source>Sizes it splits into; -1 infers one</source>
      <translation>拆分后的各维大小；-1 表示自动推算其中一个</translation>
    </message>
    <message>
      <source>Views each sample with a new shape (same number of values).</source>
      <translation>以新的形状查看每个样本（数值个数不变）。</translation>
    </message>
    <message>
      <source>y = x.reshape(batch, *shape)</source>
      <translation>y = x.reshape(batch, *shape)</translation>
    </message>
    <message>
      <source>Target shape of one sample; -1 infers one size</source>
      <translation>单个样本的目标形状；-1 表示自动推算其中一个大小</translation>
    </message>
    <message>
      <source>Merge</source>
      <translation>合并</translation>
    </message>
    <message>
      <source>Element-wise sum of its inputs, e.g. a residual skip connection. Sizes of 1 broadcast (numpy rules).</source>
      <translation>各输入逐元素相加，例如残差跳跃连接。大小为 1 的维度会广播（numpy 规则）。</translation>
    </message>
    <message>
      <source>y = x₀ + x₁ + … + xₙ</source>
      <translation>y = x₀ + x₁ + … + xₙ</translation>
    </message>
    <message>
      <source>Element-wise product of its inputs, e.g. a gate. Sizes of 1 broadcast (numpy rules).</source>
      <translation>各输入逐元素相乘，例如门控。大小为 1 的维度会广播（numpy 规则）。</translation>
    </message>
    <message>
      <source>y = x₀ ⊙ x₁ ⊙ … ⊙ xₙ</source>
      <translation>y = x₀ ⊙ x₁ ⊙ … ⊙ xₙ</translation>
    </message>
    <message>
      <source>Port 0 minus port 1, element-wise. Sizes of 1 broadcast (numpy rules).</source>
      <translation>端口 0 减去端口 1，逐元素计算。大小为 1 的维度会广播（numpy 规则）。</translation>
    </message>
    <message>
      <source>y = x₀ − x₁</source>
      <translation>y = x₀ − x₁</translation>
    </message>
    <message>
      <source>Port 0 divided by port 1, element-wise. Sizes of 1 broadcast (numpy rules).</source>
      <translation>端口 0 除以端口 1，逐元素计算。大小为 1 的维度会广播（numpy 规则）。</translation>
    </message>
    <message>
      <source>y = x₀ / x₁</source>
      <translation>y = x₀ / x₁</translation>
    </message>
    <message>
      <source>Matrix product of port 0 and port 1 over their last two dims, like q @ k in attention; the dims before them broadcast (numpy rules).</source>
      <translation>端口 0 与端口 1 在最后两个维度上的矩阵乘积，例如注意力中的 q @ k；其前面的维度会广播（numpy 规则）。</translation>
    </message>
    <message>
      <source>y[…, i, j] = Σₖ x₀[…, i, k] · x₁[…, k, j]</source>
      <translation>y[…, i, j] = Σₖ x₀[…, i, k] · x₁[…, k, j]</translation>
    </message>
    <message>
      <source>Joins its inputs along one dimension (like torch.cat).</source>
      <translation>沿一个维度拼接各输入（类似 torch.cat）。</translation>
    </message>
    <message>
      <source>y = cat([x₀, x₁, …], dim)</source>
      <translation>y = cat([x₀, x₁, …], dim)</translation>
    </message>
    <message>
      <source>Dimension to join along (batch is dim 0)</source>
      <translation>拼接所沿的维度（批次为第 0 维）</translation>
    </message>
    <message>
      <source>Stacks same-shaped inputs along a new dimension (like torch.stack).</source>
      <translation>沿一个新维度堆叠形状相同的输入（类似 torch.stack）。</translation>
    </message>
    <message>
      <source>y = stack([x₀, x₁, …], dim)</source>
      <translation>y = stack([x₀, x₁, …], dim)</translation>
    </message>
    <message>
      <source>Where the new dimension goes (batch is dim 0)</source>
      <translation>新维度插入的位置（批次为第 0 维）</translation>
    </message>
    <message>
      <source>Normalization</source>
      <translation>归一化</translation>
    </message>
    <message>
      <source>Normalises each channel of (C,) or (C, L) input over the batch.</source>
      <translation>在批次上对 (C,) 或 (C, L) 输入的每个通道做归一化。</translation>
    </message>
    <message>
      <source>y = (x − μ) / √(σ² + eps) · γ + β,  μ, σ²: mean and variance of each channel over the batch (running averages in eval)</source>
      <translation>y = (x − μ) / √(σ² + eps) · γ + β，  μ、σ²：每个通道在批次上的均值和方差（评估时用滑动平均）</translation>
    </message>
    <message>
      <source>2 × {num_features} × {affine}</source>
      <translation>2 × {num_features} × {affine}</translation>
    </message>
    <message>
      <source>Added to the variance for stability</source>
      <translation>加到方差上以保证数值稳定</translation>
    </message>
    <message>
      <source>Running statistics update rate</source>
      <translation>滑动统计量的更新率</translation>
    </message>
    <message>
      <source>Learn a scale and shift per channel</source>
      <translation>每个通道学习缩放和平移</translation>
    </message>
    <message>
      <source>Keep statistics for eval</source>
      <translation>保留统计量供评估时使用</translation>
    </message>
    <message>
      <source>Normalises each channel of (C, H, W) input over the batch.</source>
      <translation>在批次上对 (C, H, W) 输入的每个通道做归一化。</translation>
    </message>
    <message>
      <source>Normalises the last dimension of each sample (transformers).</source>
      <translation>对每个样本的最后一维做归一化（Transformer 常用）。</translation>
    </message>
    <message>
      <source>y = (x − μ) / √(σ² + eps) · γ + β,  μ, σ²: mean and variance over the last dimension of each sample</source>
      <translation>y = (x − μ) / √(σ² + eps) · γ + β，  μ、σ²：每个样本最后一维上的均值和方差</translation>
    </message>
    <message>
      <source>{normalized_shape} × (1 + {bias}) × {elementwise_affine}</source>
      <translation>{normalized_shape} × (1 + {bias}) × {elementwise_affine}</translation>
    </message>
    <message>
      <source>Learn a scale per feature</source>
      <translation>每个特征学习一个缩放</translation>
    </message>
    <message>
      <source>Learn a shift per feature (with the scale)</source>
      <translation>每个特征学习一个平移（与缩放一起）</translation>
    </message>
    <message>
      <source>Normalises groups of channels per sample; batch-size independent.</source>
      <translation>对每个样本按通道分组做归一化；与批次大小无关。</translation>
    </message>
    <message>
      <source>y = (x − μ) / √(σ² + eps) · γ + β,  μ, σ²: mean and variance of each group of channels in each sample</source>
      <translation>y = (x − μ) / √(σ² + eps) · γ + β，  μ、σ²：每个样本中每组通道的均值和方差</translation>
    </message>
    <message>
      <source>2 × {num_channels} × {affine}</source>
      <translation>2 × {num_channels} × {affine}</translation>
    </message>
    <message>
      <source>Channel groups to normalise</source>
      <translation>要归一化的通道组数</translation>
    </message>
    <message>
      <source>Normalises each channel of each image on its own (style transfer).</source>
      <translation>对每张图像的每个通道单独做归一化（风格迁移）。</translation>
    </message>
    <message>
      <source>y = (x − μ) / √(σ² + eps) · γ + β,  μ, σ²: mean and variance over H × W of each channel of each image</source>
      <translation>y = (x − μ) / √(σ² + eps) · γ + β，  μ、σ²：每张图像每个通道在 H × W 上的均值和方差</translation>
    </message>
    <message>
      <source>Regularization</source>
      <translation>正则化</translation>
    </message>
    <message>
      <source>Zeroes random values while training (scaling the rest); off in eval.</source>
      <translation>训练时随机把一些值置零（其余的按比例放大）；评估时关闭。</translation>
    </message>
    <message>
      <source>y = m ⊙ x / (1 − p),  m ~ Bernoulli(1 − p) per value while training;  y = x in eval</source>
      <translation>y = m ⊙ x / (1 − p)，  训练时每个值的 m ~ Bernoulli(1 − p)；  评估时 y = x</translation>
    </message>
    <message>
      <source>Probability of zeroing</source>
      <translation>置零的概率</translation>
    </message>
    <message>
      <source>Zeroes whole random channels of images while training.</source>
      <translation>训练时随机把图像的整个通道置零。</translation>
    </message>
    <message>
      <source>y[c] = m_c · x[c] / (1 − p),  one m_c ~ Bernoulli(1 − p) per channel while training;  y = x in eval</source>
      <translation>y[c] = m_c · x[c] / (1 − p)，  训练时每个通道一个 m_c ~ Bernoulli(1 − p)；  评估时 y = x</translation>
    </message>
    <message>
      <source>Math</source>
      <translation>数学</translation>
    </message>
    <message>
      <source>Arithmetic with a constant, like x * 0.5 or 1 - x.</source>
      <translation>与常数做算术运算，例如 x * 0.5 或 1 - x。</translation>
    </message>
    <message>
      <source>y = x op v:  x + v, x − v, v − x, x · v, x / v, v / x or xᵛ</source>
      <translation>y = x op v：  x + v、x − v、v − x、x · v、x / v、v / x 或 xᵛ</translation>
    </message>
    <message>
      <source>x + v, x - v, v - x, x * v, x / v, v / x or x ** v</source>
      <translation>x + v、x - v、v - x、x * v、x / v、v / x 或 x ** v</translation>
    </message>
    <message>
      <source>The constant v</source>
      <translation>常数 v</translation>
    </message>
    <message>
      <source>Reorders dimensions, like x.permute(0, 2, 3, 1) (channels last).</source>
      <translation>重新排列维度，例如 x.permute(0, 2, 3, 1)（通道放最后）。</translation>
    </message>
    <message>
      <source>y = x.permute(dims):  y[…, i, …, j, …] = x at the same indices in the old order</source>
      <translation>y = x.permute(dims)：  y 在新顺序下的下标与 x 在旧顺序下的下标对应同一个值</translation>
    </message>
    <message>
      <source>New order of the dims, batch (0) first</source>
      <translation>各维的新顺序，批次（0）在最前</translation>
    </message>
    <message>
      <source>Swaps two dimensions, like x.transpose(1, 2).</source>
      <translation>交换两个维度，例如 x.transpose(1, 2)。</translation>
    </message>
    <message>
      <source>y = x.transpose(dim0, dim1)</source>
      <translation>y = x.transpose(dim0, dim1)</translation>
    </message>
    <message>
      <source>One dim to swap (batch is dim 0)</source>
      <translation>要交换的一个维度（批次为第 0 维）</translation>
    </message>
    <message>
      <source>The other dim</source>
      <translation>另一个维度</translation>
    </message>
    <message>
      <source>Average over one or more dims, like x.mean(dim).</source>
      <translation>在一个或多个维度上求平均，例如 x.mean(dim)。</translation>
    </message>
    <message>
      <source>y = (1 / n) · Σ x over dim,  n: the values reduced</source>
      <translation>y = (1 / n) · Σ x（沿 dim），  n：被归约的数值个数</translation>
    </message>
    <message>
      <source>Dim or dims to reduce (batch is dim 0)</source>
      <translation>要归约的一个或多个维度（批次为第 0 维）</translation>
    </message>
    <message>
      <source>Keep reduced dims with size 1</source>
      <translation>保留被归约的维度，大小为 1</translation>
    </message>
    <message>
      <source>Sum over one or more dims, like x.sum(dim).</source>
      <translation>在一个或多个维度上求和，例如 x.sum(dim)。</translation>
    </message>
    <message>
      <source>y = Σ x over dim</source>
      <translation>y = Σ x（沿 dim）</translation>
    </message>
    <message>
      <source>Largest value over one or more dims, like x.amax(dim).</source>
      <translation>在一个或多个维度上求最大值，例如 x.amax(dim)。</translation>
    </message>
    <message>
      <source>y = max of x over dim</source>
      <translation>y = x 沿 dim 的最大值</translation>
    </message>
    <message>
      <source>Smallest value over one or more dims, like x.amin(dim).</source>
      <translation>在一个或多个维度上求最小值，例如 x.amin(dim)。</translation>
    </message>
    <message>
      <source>y = min of x over dim</source>
      <translation>y = x 沿 dim 的最小值</translation>
    </message>
    <message>
      <source>Drops a dimension of size 1 (others are left alone, as in torch).</source>
      <translation>去掉一个大小为 1 的维度（与 torch 一样，其他维度不变）。</translation>
    </message>
    <message>
      <source>y = x.squeeze(dim)</source>
      <translation>y = x.squeeze(dim)</translation>
    </message>
    <message>
      <source>Dim of size 1 to drop (batch is 0)</source>
      <translation>要去掉的大小为 1 的维度（批次为 0）</translation>
    </message>
    <message>
      <source>Inserts a dimension of size 1.</source>
      <translation>插入一个大小为 1 的维度。</translation>
    </message>
    <message>
      <source>y = x.unsqueeze(dim)</source>
      <translation>y = x.unsqueeze(dim)</translation>
    </message>
    <message>
      <source>Where the new size-1 dim goes</source>
      <translation>新的大小为 1 的维度插入的位置</translation>
    </message>
    <message>
      <source>Picks one position along a dim and drops it, like x[:, -1].</source>
      <translation>沿某一维取一个位置并去掉该维，例如 x[:, -1]。</translation>
    </message>
    <message>
      <source>y = x.select(dim, index)</source>
      <translation>y = x.select(dim, index)</translation>
    </message>
    <message>
      <source>Dim to index (batch is 0)</source>
      <translation>要索引的维度（批次为 0）</translation>
    </message>
    <message>
      <source>Position; -1 is the last</source>
      <translation>位置；-1 表示最后一个</translation>
    </message>
    <message>
      <source>A range along a dim, like x[:, 1:] or one piece of torch.chunk / split.</source>
      <translation>沿某一维取一段范围，例如 x[:, 1:]，或 torch.chunk / split 的一块。</translation>
    </message>
    <message>
      <source>y = x[start:end:step] along dim</source>
      <translation>y = x[start:end:step]（沿 dim）</translation>
    </message>
    <message>
      <source>Dim to slice (batch is 0)</source>
      <translation>要切片的维度（批次为 0）</translation>
    </message>
    <message>
      <source>First position (negative counts from the end)</source>
      <translation>起始位置（负数从末尾算起）</translation>
    </message>
    <message>
      <source>Stop before this (empty: the end)</source>
      <translation>在此位置之前停止（为空：到末尾）</translation>
    </message>
    <message>
      <source>Take every step-th position</source>
      <translation>每隔 step 个位置取一个</translation>
    </message>
    <message>
      <source>Resize</source>
      <translation>尺寸</translation>
    </message>
    <message>
      <source>Pads the last dims (F.pad): constant, reflect, replicate or circular.</source>
      <translation>填充最后几维（F.pad）：常数、反射、复制或循环。</translation>
    </message>
    <message>
      <source>y = F.pad(x, pad, mode, value)</source>
      <translation>y = F.pad(x, pad, mode, value)</translation>
    </message>
    <message>
      <source>(before, after) pairs from the last dim backwards, like F.pad</source>
      <translation>从最后一维往前的（前，后）填充对，与 F.pad 相同</translation>
    </message>
    <message>
      <source>How the border is filled</source>
      <translation>边界的填充方式</translation>
    </message>
    <message>
      <source>Fill value for constant mode</source>
      <translation>常数模式的填充值</translation>
    </message>
    <message>
      <source>Drops a residual branch at random while training (identity in eval).</source>
      <translation>训练时随机丢弃一个残差分支（评估时为恒等映射）。</translation>
    </message>
    <message>
      <source>y = m · x / (1 − p),  m ~ Bernoulli(1 − p) per sample (row) or per batch while training;  y = x in eval</source>
      <translation>y = m · x / (1 − p)，  训练时每个样本（row）或整个批次（batch）一个 m ~ Bernoulli(1 − p)；  评估时 y = x</translation>
    </message>
    <message>
      <source>Probability of dropping the branch</source>
      <translation>丢弃该分支的概率</translation>
    </message>
    <message>
      <source>row: per sample; batch: the whole batch at once</source>
      <translation>row：逐样本；batch：整个批次一起</translation>
    </message>
    <message>
      <source>A learned tensor (class token, positional embedding, layer scale), repeated for each sample of the batch its input carries.</source>
      <translation>一个可学习的张量（类别 token、位置嵌入、层缩放），按输入所带批次的每个样本重复。</translation>
    </message>
    <message>
      <source>y = P repeated for each sample,  P: a learned tensor of the given shape</source>
      <translation>y = 对每个样本重复的 P，  P：给定形状的可学习张量</translation>
    </message>
    <message>
      <source>{shape}</source>
      <translation>{shape}</translation>
    </message>
    <message>
      <source>Shape of the learned tensor</source>
      <translation>可学习张量的形状</translation>
    </message>
    <message>
      <source>Starting values (normal: std 0.02)</source>
      <translation>初始值（normal：标准差 0.02）</translation>
    </message>
    <message>
      <source>Pooling</source>
      <translation>池化</translation>
    </message>
    <message>
      <source>Maximum over sliding windows of (C, L) input.</source>
      <translation>在 (C, L) 输入的滑动窗口上取最大值。</translation>
    </message>
    <message>
      <source>y[c, j] = max of x[c] over the window at output position j</source>
      <translation>y[c, j] = x[c] 在输出位置 j 对应窗口上的最大值</translation>
    </message>
    <message>
      <source>Step between windows (empty: kernel_size)</source>
      <translation>窗口之间的步长（为空：等于 kernel_size）</translation>
    </message>
    <message>
      <source>Implicit padding on each side</source>
      <translation>每侧的隐式填充</translation>
    </message>
    <message>
      <source>Spacing between taps</source>
      <translation>抽头之间的间隔</translation>
    </message>
    <message>
      <source>Round the output size up</source>
      <translation>输出尺寸向上取整</translation>
    </message>
    <message>
      <source>Maximum over sliding windows of (C, H, W) input.</source>
      <translation>在 (C, H, W) 输入的滑动窗口上取最大值。</translation>
    </message>
    <message>
      <source>Average over sliding windows of (C, L) input.</source>
      <translation>在 (C, L) 输入的滑动窗口上取平均值。</translation>
    </message>
    <message>
      <source>y[c, j] = mean of x[c] over the window at output position j</source>
      <translation>y[c, j] = x[c] 在输出位置 j 对应窗口上的平均值</translation>
    </message>
    <message>
      <source>Average over padding too</source>
      <translation>填充部分也参与平均</translation>
    </message>
    <message>
      <source>Average over sliding windows of (C, H, W) input.</source>
      <translation>在 (C, H, W) 输入的滑动窗口上取平均值。</translation>
    </message>
    <message>
      <source>Avg pooling to a fixed output size (1 = global avg pool).</source>
      <translation>Avg 池化到固定的输出尺寸（1 = 全局 avg 池化）。</translation>
    </message>
    <message>
      <source>y[c, j] = mean of x[c] over window j, windows sized to give output_size</source>
      <translation>y[c, j] = x[c] 在窗口 j 上的平均值，窗口大小按 output_size 确定</translation>
    </message>
    <message>
      <source>Output size, whatever the input size</source>
      <translation>输出尺寸，与输入尺寸无关</translation>
    </message>
    <message>
      <source>Max pooling to a fixed output size (1 = global max pool).</source>
      <translation>Max 池化到固定的输出尺寸（1 = 全局 max 池化）。</translation>
    </message>
    <message>
      <source>y[c, j] = max of x[c] over window j, windows sized to give output_size</source>
      <translation>y[c, j] = x[c] 在窗口 j 上的最大值，窗口大小按 output_size 确定</translation>
    </message>
    <message>
      <source>Grows the spatial size by interpolation (no weights).</source>
      <translation>通过插值放大空间尺寸（无权重）。</translation>
    </message>
    <message>
      <source>y = x resized to size (or size × scale_factor), new values filled by mode</source>
      <translation>y = 把 x 缩放到 size（或 size × scale_factor），新值按 mode 填充</translation>
    </message>
    <message>
      <source>Output size (or use scale_factor)</source>
      <translation>输出尺寸（或使用 scale_factor）</translation>
    </message>
    <message>
      <source>Multiply the size by this</source>
      <translation>尺寸乘以这个倍数</translation>
    </message>
    <message>
      <source>How new values are filled in</source>
      <translation>新值的填充方式</translation>
    </message>
    <message>
      <source>Interpolating modes: align corner pixels</source>
      <translation>插值模式：对齐角落像素</translation>
    </message>
    <message>
      <source>Adds a border of zeros around images.</source>
      <translation>在图像四周加一圈零。</translation>
    </message>
    <message>
      <source>y = x with rows and columns of zeros added: (left, right, top, bottom)</source>
      <translation>y = 在 x 四周加上若干行、列的零：(左, 右, 上, 下)</translation>
    </message>
    <message>
      <source>Zeros on each side, or (left, right, top, bottom)</source>
      <translation>每侧补零的数量，或 (左, 右, 上, 下)</translation>
    </message>
    <message>
      <source>Embedding</source>
      <translation>嵌入</translation>
    </message>
    <message>
      <source>Looks up a learned vector for each integer id (int64 input).</source>
      <translation>为每个整数 id 查找一个可学习的向量（int64 输入）。</translation>
    </message>
    <message>
      <source>y = W[x],  the row of W: num_embeddings × embedding_dim for each id x</source>
      <translation>y = W[x]，  即每个 id x 对应 W（num_embeddings × embedding_dim）中的一行</translation>
    </message>
    <message>
      <source>{num_embeddings} × {embedding_dim}</source>
      <translation>{num_embeddings} × {embedding_dim}</translation>
    </message>
    <message>
      <source>Vocabulary size (ids 0..n-1)</source>
      <translation>词表大小（id 为 0..n-1）</translation>
    </message>
    <message>
      <source>Vector size per id</source>
      <translation>每个 id 的向量长度</translation>
    </message>
    <message>
      <source>An id whose vector stays zero</source>
      <translation>向量恒为零的 id</translation>
    </message>
    <message>
      <source>Renormalise vectors longer than this</source>
      <translation>把长度超过此值的向量重新归一化</translation>
    </message>
    <message>
      <source>Scale gradients by id frequency</source>
      <translation>按 id 出现频率缩放梯度</translation>
    </message>
    <message>
      <source>Recurrent</source>
      <translation>循环</translation>
    </message>
    <message>
      <source>Long short-term memory over (L, features) sequences.</source>
      <translation>在 (L, features) 序列上的长短期记忆网络。</translation>
    </message>
    <message>
      <source>i, f, g, o = σ, σ, tanh, σ of (W·xₜ + U·hₜ₋₁ + b);  cₜ = f ⊙ cₜ₋₁ + i ⊙ g;  hₜ = o ⊙ tanh(cₜ)</source>
      <translation>i, f, g, o = σ, σ, tanh, σ 作用于 (W·xₜ + U·hₜ₋₁ + b)；  cₜ = f ⊙ cₜ₋₁ + i ⊙ g；  hₜ = o ⊙ tanh(cₜ)</translation>
    </message>
    <message>
      <source>(1 + {bidirectional}) × (4 × {hidden_size} × ({input_size} + {hidden_size}) + 8 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × (4 × {hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) + 8 × {hidden_size} × {bias})</source>
      <translation>(1 + {bidirectional}) × (4 × {hidden_size} × ({input_size} + {hidden_size}) + 8 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × (4 × {hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) + 8 × {hidden_size} × {bias})</translation>
    </message>
    <message>
      <source>Features of the hidden state</source>
      <translation>隐藏状态的特征数</translation>
    </message>
    <message>
      <source>Stacked layers</source>
      <translation>堆叠的层数</translation>
    </message>
    <message>
      <source>Learn biases</source>
      <translation>学习偏置</translation>
    </message>
    <message>
      <source>Dropout between stacked layers</source>
      <translation>堆叠层之间的 Dropout</translation>
    </message>
    <message>
      <source>Also read the sequence backwards</source>
      <translation>同时反向读取序列</translation>
    </message>
    <message>
      <source>Output every step (L, hidden) instead of the last (hidden,)</source>
      <translation>输出每一步 (L, hidden)，而不只是最后一步 (hidden,)</translation>
    </message>
    <message>
      <source>Gated recurrent unit: a lighter LSTM.</source>
      <translation>门控循环单元：更轻量的 LSTM。</translation>
    </message>
    <message>
      <source>r, z = σ(W·xₜ + U·hₜ₋₁ + b);  n = tanh(W_n·xₜ + r ⊙ (U_n·hₜ₋₁ + b_n));  hₜ = (1 − z) ⊙ n + z ⊙ hₜ₋₁</source>
      <translation>r, z = σ(W·xₜ + U·hₜ₋₁ + b)；  n = tanh(W_n·xₜ + r ⊙ (U_n·hₜ₋₁ + b_n))；  hₜ = (1 − z) ⊙ n + z ⊙ hₜ₋₁</translation>
    </message>
    <message>
      <source>(1 + {bidirectional}) × (3 × {hidden_size} × ({input_size} + {hidden_size}) + 6 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × (3 × {hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) + 6 × {hidden_size} × {bias})</source>
      <translation>(1 + {bidirectional}) × (3 × {hidden_size} × ({input_size} + {hidden_size}) + 6 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × (3 × {hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) + 6 × {hidden_size} × {bias})</translation>
    </message>
    <message>
      <source>Plain (Elman) recurrent layer.</source>
      <translation>普通（Elman）循环层。</translation>
    </message>
    <message>
      <source>hₜ = tanh(W·xₜ + U·hₜ₋₁ + b)  (or relu, by nonlinearity)</source>
      <translation>hₜ = tanh(W·xₜ + U·hₜ₋₁ + b)  （或按 nonlinearity 用 relu）</translation>
    </message>
    <message>
      <source>(1 + {bidirectional}) × ({hidden_size} × ({input_size} + {hidden_size}) + 2 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × ({hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) + 2 × {hidden_size} × {bias})</source>
      <translation>(1 + {bidirectional}) × ({hidden_size} × ({input_size} + {hidden_size}) + 2 × {hidden_size} × {bias}) + ({num_layers} − 1) × (1 + {bidirectional}) × ({hidden_size} × ((1 + {bidirectional}) × {hidden_size} + {hidden_size}) + 2 × {hidden_size} × {bias})</translation>
    </message>
    <message>
      <source>Cell activation</source>
      <translation>单元激活函数</translation>
    </message>
    <message>
      <source>Attention</source>
      <translation>注意力</translation>
    </message>
    <message>
      <source>Self-attention over (L, features): every step attends to every (earlier) step.</source>
      <translation>(L, features) 上的自注意力：每一步都关注每一个（之前的）步。</translation>
    </message>
    <message>
      <source>Q, K, V = x·W_Q, x·W_K, x·W_V;  headₕ = softmax(Qₕ·Kₕᵀ / √d) · Vₕ;  y = concat(heads) · W_O</source>
      <translation>Q, K, V = x·W_Q, x·W_K, x·W_V；  headₕ = softmax(Qₕ·Kₕᵀ / √d) · Vₕ；  y = concat(heads) · W_O</translation>
    </message>
    <message>
      <source>4 × {embed_dim} × {embed_dim} + 4 × {embed_dim} × {bias}</source>
      <translation>4 × {embed_dim} × {embed_dim} + 4 × {embed_dim} × {bias}</translation>
    </message>
    <message>
      <source>Attention heads (must divide the features)</source>
      <translation>注意力头数（必须能整除特征数）</translation>
    </message>
    <message>
      <source>Dropout on attention weights</source>
      <translation>注意力权重上的 Dropout</translation>
    </message>
    <message>
      <source>Learn projection biases</source>
      <translation>学习投影偏置</translation>
    </message>
    <message>
      <source>Each step sees only itself and earlier steps</source>
      <translation>每一步只看到自己和之前的步</translation>
    </message>
    <message>
      <source>Attention of port 0 (queries) over port 1 (keys) and port 2 (values), as F.scaled_dot_product_attention computes it (heads as a leading dim).</source>
      <translation>端口 0（查询）对端口 1（键）和端口 2（值）的注意力，与 F.scaled_dot_product_attention 的计算相同（注意力头作为前导维度）。</translation>
    </message>
    <message>
      <source>y = softmax(q · kᵀ · scale [+ causal mask]) · v,  scale = 1/√E</source>
      <translation>y = softmax(q · kᵀ · scale [+ 因果掩码]) · v,  scale = 1/√E</translation>
    </message>
    <message>
      <source>Each query sees only keys at or before it</source>
      <translation>每个查询只看到它所在位置及之前的键</translation>
    </message>
    <message>
      <source>Scores' factor (empty: 1/√E)</source>
      <translation>分数的缩放因子（留空：1/√E）</translation>
    </message>
    <message>
      <source>Transformer block: self-attention and a feed-forward net over (L, features).</source>
      <translation>Transformer 块：(L, features) 上的自注意力加前馈网络。</translation>
    </message>
    <message>
      <source>h = LN(x + SelfAttention(x));  y = LN(h + W₂ · act(W₁ · h))  (norm_first: h = x + SelfAttention(LN(x)), y = h + FFN(LN(h)))</source>
      <translation>h = LN(x + SelfAttention(x))；  y = LN(h + W₂ · act(W₁ · h))  （norm_first 时：h = x + SelfAttention(LN(x))，y = h + FFN(LN(h))）</translation>
    </message>
    <message>
      <source>4 × {d_model} × {d_model} + 4 × {d_model} × {bias} + 2 × {d_model} × {dim_feedforward} + ({dim_feedforward} + {d_model}) × {bias} + 2 × {d_model} × (1 + {bias})</source>
      <translation>4 × {d_model} × {d_model} + 4 × {d_model} × {bias} + 2 × {d_model} × {dim_feedforward} + ({dim_feedforward} + {d_model}) × {bias} + 2 × {d_model} × (1 + {bias})</translation>
    </message>
    <message>
      <source>Hidden size of the feed-forward net</source>
      <translation>前馈网络的隐藏层大小</translation>
    </message>
    <message>
      <source>Dropout rate</source>
      <translation>Dropout 比例</translation>
    </message>
    <message>
      <source>Feed-forward activation</source>
      <translation>前馈网络的激活函数</translation>
    </message>
    <message>
      <source>LayerNorm epsilon</source>
      <translation>LayerNorm 的 epsilon</translation>
    </message>
    <message>
      <source>Pre-norm (more stable for deep stacks)</source>
      <translation>前置归一化（深层堆叠时更稳定）</translation>
    </message>
    <message>
      <source>Learn biases in linears and norms</source>
      <translation>线性层和归一化层学习偏置</translation>
    </message>
    <message>
      <source>Decoder-only (GPT) block: causal self-attention, so step t sees only steps &lt;= t.</source>
      <translation>仅解码器（GPT）块：因果自注意力，第 t 步只能看到第 ≤ t 步。</translation>
    </message>
    <message>
      <source>h = LN(x + CausalSelfAttention(x));  y = LN(h + W₂ · act(W₁ · h)),  step t attends to steps ≤ t</source>
      <translation>h = LN(x + CausalSelfAttention(x))；  y = LN(h + W₂ · act(W₁ · h))，  第 t 步只关注第 ≤ t 步</translation>
    </message>
    <message>
      <source>learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>fraction of the last step kept</source>
      <translation>保留上一步的比例</translation>
    </message>
    <message>
      <source>L2 penalty</source>
      <translation>L2 惩罚</translation>
    </message>
    <message>
      <source>Nesterov momentum (needs momentum &gt; 0)</source>
      <translation>Nesterov 动量（需要 momentum &gt; 0）</translation>
    </message>
    <message>
      <source>use the AMSGrad variant</source>
      <translation>使用 AMSGrad 变体</translation>
    </message>
    <message>
      <source>decoupled weight decay</source>
      <translation>解耦的权重衰减</translation>
    </message>
    <message>
      <source>smoothing of the squared gradient</source>
      <translation>平方梯度的平滑系数</translation>
    </message>
    <message>
      <source>Classification into one of several classes.</source>
      <translation>把样本分到若干类别之一的分类。</translation>
    </message>
    <message>
      <source>loss = −ln( e^(z_y) / Σⱼ e^(zⱼ) ),  z: the raw scores (logits), y: the true class</source>
      <translation>loss = −ln( e^(z_y) / Σⱼ e^(zⱼ) )，  z：原始分数（logits），y：真实类别</translation>
    </message>
    <message>
      <source>One raw score (logit) per class for each sample: the last layer has as many outputs as classes and no activation.</source>
      <translation>每个样本每个类别一个原始分数（logit）：最后一层的输出数等于类别数，且没有激活函数。</translation>
    </message>
    <message>
      <source>Targets are class numbers 0, 1, …, classes − 1.</source>
      <translation>目标是类别编号 0, 1, …, classes − 1。</translation>
    </message>
    <message>
      <source>It applies the softmax itself. A Softmax layer before it applies one twice: the scores are squeezed together, gradients shrink and training stalls.</source>
      <translation>它自己会做 softmax。在它前面再加一个 Softmax 层就会做两次：分数被挤在一起，梯度变小，训练停滞。</translation>
    </message>
    <message>
      <source>It is the same as LogSoftmax followed by NLLLoss, computed in one stable step.</source>
      <translation>它等同于 LogSoftmax 加 NLLLoss，只是一步完成、数值更稳定。</translation>
    </message>
    <message>
      <source>Negative log-likelihood: classification from log-probabilities.</source>
      <translation>负对数似然：基于对数概率的分类。</translation>
    </message>
    <message>
      <source>loss = −x_y,  x: the log-probabilities, y: the true class</source>
      <translation>loss = −x_y，  x：对数概率，y：真实类别</translation>
    </message>
    <message>
      <source>Log-probabilities: end the model with LogSoftmax.</source>
      <translation>对数概率：模型以 LogSoftmax 结尾。</translation>
    </message>
    <message>
      <source>LogSoftmax + NLLLoss is the same as CrossEntropyLoss on raw scores.</source>
      <translation>LogSoftmax + NLLLoss 等同于对原始分数使用 CrossEntropyLoss。</translation>
    </message>
    <message>
      <source>Binary classification (yes or no), from raw scores.</source>
      <translation>二分类（是或否），基于原始分数。</translation>
    </message>
    <message>
      <source>loss = −[ y · ln σ(z) + (1 − y) · ln(1 − σ(z)) ],  z: the raw score (logit), y: the target, 0 or 1</source>
      <translation>loss = −[ y · ln σ(z) + (1 − y) · ln(1 − σ(z)) ]，  z：原始分数（logit），y：目标，0 或 1</translation>
    </message>
    <message>
      <source>One raw score per sample: the last layer has 1 output and no activation.</source>
      <translation>每个样本一个原始分数：最后一层只有 1 个输出，且没有激活函数。</translation>
    </message>
    <message>
      <source>Targets are 0 or 1.</source>
      <translation>目标为 0 或 1。</translation>
    </message>
    <message>
      <source>It applies the sigmoid itself, in a numerically stable form. A Sigmoid before it is a mistake: the sigmoid is applied twice, outputs are squeezed into (0.5, 0.73), the loss can never reach 0 and the gradients fade.</source>
      <translation>它自己会做 sigmoid，而且用的是数值稳定的形式。在它前面加 Sigmoid 是错误的：sigmoid 会被做两次，输出被挤到 (0.5, 0.73) 之间，损失永远到不了 0，梯度也会消失。</translation>
    </message>
    <message>
      <source>For probabilities at prediction time, apply σ(z) to the output then.</source>
      <translation>如果预测时需要概率，到那时再对输出做 σ(z)。</translation>
    </message>
    <message>
      <source>Binary classification (yes or no), from probabilities.</source>
      <translation>二分类（是或否），基于概率。</translation>
    </message>
    <message>
      <source>loss = −[ y · ln p + (1 − y) · ln(1 − p) ],  p: the predicted probability, y: the target, 0 or 1</source>
      <translation>loss = −[ y · ln p + (1 − y) · ln(1 − p) ]，  p：预测的概率，y：目标，0 或 1</translation>
    </message>
    <message>
      <source>Probabilities between 0 and 1: end the model with Sigmoid.</source>
      <translation>0 到 1 之间的概率：模型以 Sigmoid 结尾。</translation>
    </message>
    <message>
      <source>Prefer BCEWithLogitsLoss without the Sigmoid: it is numerically stabler, since ln(0) cannot occur when the sigmoid saturates.</source>
      <translation>更推荐去掉 Sigmoid、改用 BCEWithLogitsLoss：它数值更稳定，sigmoid 饱和时也不会出现 ln(0)。</translation>
    </message>
    <message>
      <source>Mean squared error, for predicting numbers (regression).</source>
      <translation>均方误差，用于预测数值（回归）。</translation>
    </message>
    <message>
      <source>loss = mean( (ŷ − y)² ),  ŷ: the prediction, y: the target</source>
      <translation>loss = mean( (ŷ − y)² )，  ŷ：预测值，y：目标值</translation>
    </message>
    <message>
      <source>Predictions and targets of the same shape, any real numbers.</source>
      <translation>预测值和目标值形状相同，可以是任意实数。</translation>
    </message>
    <message>
      <source>Errors are squared, so large errors and outliers dominate the loss.</source>
      <translation>误差被平方，所以大误差和离群点主导损失。</translation>
    </message>
    <message>
      <source>Mean absolute error, for predicting numbers (regression).</source>
      <translation>平均绝对误差，用于预测数值（回归）。</translation>
    </message>
    <message>
      <source>loss = mean( |ŷ − y| ),  ŷ: the prediction, y: the target</source>
      <translation>loss = mean( |ŷ − y| )，  ŷ：预测值，y：目标值</translation>
    </message>
    <message>
      <source>Robust to outliers: every error pulls with the same strength, however large.</source>
      <translation>对离群点稳健：每个误差的拉力都一样大，无论误差多大。</translation>
    </message>
    <message>
      <source>Squared error for small errors, absolute error for large ones (regression).</source>
      <translation>小误差用平方误差，大误差用绝对误差（回归）。</translation>
    </message>
    <message>
      <source>loss = mean of ½ (ŷ − y)² where |ŷ − y| ≤ δ, else δ · (|ŷ − y| − ½ δ),  δ = 1</source>
      <translation>loss = ½ (ŷ − y)²（|ŷ − y| ≤ δ 时），否则为 δ · (|ŷ − y| − ½ δ) 的平均值，  δ = 1</translation>
    </message>
    <message>
      <source>Smooth like MSELoss near the target, robust to outliers like L1Loss.</source>
      <translation>在目标附近像 MSELoss 一样平滑，对离群点像 L1Loss 一样稳健。</translation>
    </message>
    <message>
      <source>Huber loss scaled by 1 / β, common in object detection (regression).</source>
      <translation>按 1 / β 缩放的 Huber 损失，常用于目标检测（回归）。</translation>
    </message>
    <message>
      <source>loss = mean of ½ (ŷ − y)² / β where |ŷ − y| &lt; β, else |ŷ − y| − ½ β,  β = 1</source>
      <translation>loss = ½ (ŷ − y)² / β（|ŷ − y| &lt; β 时），否则为 |ŷ − y| − ½ β 的平均值，  β = 1</translation>
    </message>
    <message>
      <source>With β = 1 it equals HuberLoss.</source>
      <translation>β = 1 时它等于 HuberLoss。</translation>
    </message>
    <message>
      <source>Stochastic gradient descent: a step against the gradient of each batch.</source>
      <translation>随机梯度下降：每个批次沿梯度的反方向走一步。</translation>
    </message>
    <message>
      <source>v ← momentum · v + g;  θ ← θ − lr · v,  g: the gradient (+ weight_decay · θ), θ: the weights</source>
      <translation>v ← momentum · v + g；  θ ← θ − lr · v，  g：梯度（+ weight_decay · θ），θ：权重</translation>
    </message>
    <message>
      <source>The simplest optimizer. Momentum averages the steps, so training rolls through small bumps and noise; nesterov takes the gradient one step ahead.</source>
      <translation>最简单的优化器。动量对各步取平均，让训练越过小的起伏和噪声；nesterov 在前方一步处计算梯度。</translation>
    </message>
    <message>
      <source>Its learning rate usually needs tuning: try the LR finder.</source>
      <translation>它的学习率通常需要调：试试学习率查找器（LR finder）。</translation>
    </message>
    <message>
      <source>Adaptive moments: momentum plus a step size per weight.</source>
      <translation>自适应矩估计：动量加上每个权重各自的步长。</translation>
    </message>
    <message>
      <source>m ← β₁ · m + (1 − β₁) · g;  v ← β₂ · v + (1 − β₂) · g²;  θ ← θ − lr · m̂ / (√v̂ + ε),  m̂, v̂: m and v corrected for starting at 0</source>
      <translation>m ← β₁ · m + (1 − β₁) · g；  v ← β₂ · v + (1 − β₂) · g²；  θ ← θ − lr · m̂ / (√v̂ + ε)，  m̂、v̂：对从 0 开始做了校正的 m 和 v</translation>
    </message>
    <message>
      <source>The betas say how long Adam remembers. β₁ = 0.9 averages the gradient over about the last 10 steps (momentum); β₂ = 0.999 averages its square over about the last 1000, which sets each weight's own step size. LayerLab uses torch's betas (0.9, 0.999).</source>
      <translation>betas 决定 Adam 记忆多久。β₁ = 0.9 对大约最近 10 步的梯度取平均（动量）；β₂ = 0.999 对大约最近 1000 步的梯度平方取平均，由它决定每个权重自己的步长。LayerLab 使用 torch 的 betas (0.9, 0.999)。</translation>
    </message>
    <message>
      <source>Because each weight scales its own steps, lr = 0.001 works for most models.</source>
      <translation>因为每个权重自己缩放步长，lr = 0.001 对大多数模型都适用。</translation>
    </message>
    <message>
      <source>weight_decay here is added to the gradient (L2); for decay that is not rescaled, use AdamW.</source>
      <translation>这里的 weight_decay 是加到梯度上的（L2）；如果想要不被重新缩放的衰减，请用 AdamW。</translation>
    </message>
    <message>
      <source>Adam with decoupled weight decay.</source>
      <translation>权重衰减解耦的 Adam。</translation>
    </message>
    <message>
      <source>m, v as in Adam;  θ ← θ − lr · ( m̂ / (√v̂ + ε) + weight_decay · θ )</source>
      <translation>m、v 与 Adam 相同；  θ ← θ − lr · ( m̂ / (√v̂ + ε) + weight_decay · θ )</translation>
    </message>
    <message>
      <source>The decay shrinks the weights directly instead of passing through Adam's scaling, so it regularises as intended. The usual choice for transformers.</source>
      <translation>衰减直接缩小权重，而不经过 Adam 的缩放，因此能按预期起到正则化作用。Transformer 的常用选择。</translation>
    </message>
    <message>
      <source>The betas are torch's (0.9, 0.999), as in Adam.</source>
      <translation>betas 与 Adam 一样，是 torch 的 (0.9, 0.999)。</translation>
    </message>
    <message>
      <source>Divides each step by a running average of the squared gradient.</source>
      <translation>把每一步除以梯度平方的滑动平均。</translation>
    </message>
    <message>
      <source>v ← alpha · v + (1 − alpha) · g²;  θ ← θ − lr · g / (√v + ε)</source>
      <translation>v ← alpha · v + (1 − alpha) · g²；  θ ← θ − lr · g / (√v + ε)</translation>
    </message>
    <message>
      <source>Steep and flat directions take steps of similar size. A good choice for recurrent networks.</source>
      <translation>陡峭方向和平坦方向的步长相近。适合循环网络。</translation>
    </message>
    <message>
      <source>Scales each weight's step by all of its past gradients.</source>
      <translation>用每个权重过去所有梯度来缩放它的步长。</translation>
    </message>
    <message>
      <source>G ← G + g²;  θ ← θ − lr · g / (√G + ε)</source>
      <translation>G ← G + g²；  θ ← θ − lr · g / (√G + ε)</translation>
    </message>
    <message>
      <source>G only grows, so the steps only shrink: good for sparse features, but long runs can stall.</source>
      <translation>G 只增不减，所以步长只会变小：适合稀疏特征，但长时间训练可能停滞。</translation>
    </message>
  </context>
</TS>
