<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Help</name>
    <message>
      <source>&amp;Explain Selected Layer</source>
      <translation>解释所选层(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Layer Reference</source>
      <translation>层参考(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Keyboard Shortcuts</source>
      <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
      <source>&amp;First Model…</source>
      <translation>第一个模型(&amp;F)…</translation>
    </message>
    <message>
      <source>&amp;About LayerLab</source>
      <translation>关于 LayerLab(&amp;A)</translation>
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
    <name>LayerReference</name>
    <message>
      <source>Layer Reference — LayerLab</source>
      <translation>层参考 — LayerLab</translation>
    </message>
    <message>
      <source>Find a layer, loss or optimizer…</source>
      <translation>查找层、损失函数或优化器…</translation>
    </message>
  </context>
  <context>
    <name>SettingsForm</name>
    <message>
      <source>What does this do?</source>
      <translation>这是做什么的？</translation>
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
      <source>Every sample is 10 numbers. The Input's shape (10,) leaves out the batch: the model is shown many samples at once, and treats each the same way.</source>
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
</TS>
