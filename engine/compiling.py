"""Opt-in compiled training (`training.compile`: false, true or "auto").

The train step's forward pass and loss go through torch.compile; AOTAutograd compiles
their backward with them, and the fused optimizer step stays as it is. Compiling costs
tens of seconds and on a CPU it has not paid: inductor's CPU kernels ran 0.45-0.95x eager
on the MLP and the small CNN (tests/benchmarks/compile_gain.py). So "auto" trains a CPU
run eagerly and says why in the run header; on a GPU it compiles only when the run, timed
over its first eager steps, has enough time left to repay it, and keeps the compiled step
only if it is faster. `true` compiles on any device. Where compiling fails (no C++
compiler, an op the compiler refuses) the run goes on eagerly and says why.
Full batches only: the last, smaller batch of an epoch runs eagerly rather than paying
for a second compile with a dynamic batch size.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch

Step = Callable[[torch.Tensor, torch.Tensor], tuple[torch.Tensor, torch.Tensor]]

COMPILE_COST_S = 40.0  # first compile of forward + backward, small models on a CPU: 20-50 s
GAIN = 0.12  # the share of a step's time compiling might save, to decide whether to try
PROBE_S = 1.0  # "auto" times this much of eager, then of compiled training
# What "auto" does on a CPU, for the run header.
AUTO_ON_CPU = "eager (compile auto: torch.compile ran slower than eager on CPUs)"


def worth_compiling(step_s: float, steps_left: int) -> bool:
    """True when the eager time left, sped up by GAIN, saves more than a compile costs."""
    return step_s * steps_left * GAIN > COMPILE_COST_S


class CompiledStep:
    """Calls the eager step until a compiled one is ready and working.

    `mode` is the setting (False, True, "auto"); `notify` receives one line whenever the
    plan changes (compiled, fell back), for the run's log. "auto" stays eager on a CPU;
    elsewhere it times eager steps, then compiled ones, and keeps the compiled step only
    if it is faster.
    """

    def __init__(
        self,
        mode: bool | str,
        eager: Step,
        params: Sequence[torch.Tensor],
        notify: Callable[[str], None],
        device: torch.device,
    ) -> None:
        self.mode = mode
        self.on_cpu = device.type == "cpu"
        self.eager = eager
        self.params = params
        self.notify = notify
        self.compiled: Step | None = None
        self.tried = False  # the compiled step ran once (so it compiled)
        self.deciding = mode == "auto" and not self.on_cpu
        self.eager_step_s = 0.0
        self._mark = 0.0
        self._steps = 0
        if mode is True:
            self.compiled = torch.compile(eager, dynamic=False)

    @property
    def may_compile(self) -> bool:
        """False when every step of the run is the eager one (compile off, or "auto" on
        a CPU, or compiling failed): the Trainer then calls the eager forward directly."""
        return self.compiled is not None or self.deciding

    def describe(self) -> str:
        """The plan for the run header."""
        if self.mode == "auto":
            if self.on_cpu:
                return AUTO_ON_CPU
            return "torch.compile if the run is long enough and it is faster"
        return "torch.compile" if self.mode is True else "eager"

    def __call__(self, xb: torch.Tensor, yb: torch.Tensor, full: bool) -> tuple:
        if self.compiled is None or not full:
            return self.eager(xb, yb)
        if self.tried:
            return self.compiled(xb, yb)
        began = time.perf_counter()
        try:
            # The backward graph compiles at its first call: make that call here, where a
            # failure can still fall back (the gradients are returned, not accumulated).
            # Retaining the graph for the real backward needs buffers kept, not donated.
            with _keep_backward_buffers():
                result = self.compiled(xb, yb)
                if result[1].requires_grad:
                    params = self.params
                    torch.autograd.grad(result[1], params, retain_graph=True, allow_unused=True)
        except Exception as err:  # the compiler's failures have no common base class
            self.compiled, self.deciding = None, False
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            self.notify(f"torch.compile failed ({reason[:200]}); training continues eagerly")
            return self.eager(xb, yb)
        self.tried = True
        self.notify(f"compiled the train step in {time.perf_counter() - began:.1f}s")
        return result

    def tick(self, step: int, steps_left: int) -> None:
        """For "auto", after each step while `deciding` (step 0 restarts the clock, so
        validation passes and the compile itself are never timed)."""
        now = time.perf_counter()
        if step == 0 or self._steps < 0:
            self._mark, self._steps = now, 0
            return
        self._steps += 1
        spent = now - self._mark
        if spent < PROBE_S or self._steps < 3:
            return
        step_s = spent / self._steps
        if self.compiled is None:
            self.deciding = worth_compiling(step_s, steps_left)
            if self.deciding:
                self.eager_step_s, self._steps = step_s, -1
                self.notify(f"about {step_s * steps_left:.0f}s left: compiling the train step")
                self.compiled = torch.compile(self.eager, dynamic=False)
            return
        self.deciding = False
        ms = f"{step_s * 1e3:.2f} ms a step compiled, {self.eager_step_s * 1e3:.2f} ms eager"
        if step_s < self.eager_step_s:
            self.notify(f"{ms}: keeping the compiled step")
        else:
            self.compiled = None
            self.notify(f"{ms}: back to the eager step")


def _keep_backward_buffers() -> Any:
    """Compile a backward that may be called with retain_graph (torch >= 2.6 donates its
    buffers by default); a no-op where torch has no such setting."""
    try:
        from torch._functorch import config
    except ImportError:
        return contextlib.nullcontext()
    if not hasattr(config, "donated_buffer"):
        return contextlib.nullcontext()
    return config.patch(donated_buffer=False)
