"""Schedules of transformers and torch, taken from the installed packages' source and run with
stand-ins for the torch classes they need (neither package is imported: transformers'
__init__ pulls in torch, and the PyPI torch wheel does not import without CUDA libraries).

  * transformers: its schedules are plain lr_lambda functions in transformers/optimization.py.
    They run with a stand-in for torch's LambdaLR that returns the lambda itself (base_lr = 1);
    `scaled` then multiplies by the optimizer's learning rate, as LambdaLR does.
  * torch: CyclicLR.get_lr is the closed form of the learning rate at step `last_epoch` (it
    never reads the current rate). The class is taken from torch/optim/lr_scheduler.py and
    run on a stand-in optimizer with one parameter group, `last_epoch` set to the step.
"""

import __future__
import ast
import math
import types
import warnings
from functools import partial
from importlib.util import find_spec
from pathlib import Path


def _definitions(package, relative_path, names, namespace):
    """Executes the top-level definitions `names` of a package's file in `namespace`."""
    path = Path(find_spec(package).origin).parent / relative_path
    tree = ast.parse(path.read_text())
    nodes = [
        n
        for n in tree.body
        if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name in names
    ]
    assert {n.name for n in nodes} == set(names), f"{package} moved {set(names)}"
    module = ast.Module(body=nodes, type_ignores=[])
    # The files' annotations name torch types; as in the files, they are not evaluated.
    flags = __future__.annotations.compiler_flag
    exec(compile(module, str(path), "exec", flags=flags, dont_inherit=True), namespace)
    return [namespace[name] for name in names]


def hf_schedules(*names):
    """transformers' `get_*_schedule*` functions `names`, each returning its lr_lambda."""
    # Each get_* builds a partial of its private lambda; one of them is named differently.
    helpers = [
        "_get_wsd_scheduler_lambda" if n == "get_wsd_schedule" else "_" + n + "_lr_lambda"
        for n in names
    ]
    namespace = {
        "math": math,
        "partial": partial,
        "warnings": warnings,
        # LambdaLR(optimizer, lr_lambda, last_epoch): the multiplier itself, base_lr = 1.
        "LambdaLR": lambda _optimizer, lr_lambda, last_epoch=-1: lr_lambda,
    }
    found = _definitions("transformers", "optimization.py", helpers + list(names), namespace)
    return found[len(helpers) :]


def scaled(init_value, lr_lambda):
    """LambdaLR's learning rate: the optimizer's rate times the lambda."""
    return lambda step: init_value * lr_lambda(step)


class Optimizer:
    """Stand-in for torch.optim.Optimizer: one parameter group, plain float rates."""

    def __init__(self, lr):
        self.param_groups = [{"lr": lr}]
        self.defaults = {"lr": lr}


class _LRScheduler:
    """Stand-in for torch's LRScheduler base: keeps what CyclicLR's __init__ hands it."""

    def __init__(self, optimizer, last_epoch=-1):
        self.optimizer = optimizer
        self.last_epoch = last_epoch


class _NoTensor:
    """No value is ever a torch Tensor here."""


def torch_cyclic_lr():
    """torch's CyclicLR class, bound to the stand-ins above."""
    namespace = {
        "math": math,
        "types": types,
        "partial": partial,
        "Tensor": _NoTensor,
        "Optimizer": Optimizer,
        "LRScheduler": _LRScheduler,
        "override": lambda f: f,
        "_warn_get_lr_called_within_step": lambda _scheduler: None,
        "_to_scalar": float,
    }
    names = ["_format_param", "_update_param_group_val", "CyclicLR"]
    return _definitions("torch", "optim/lr_scheduler.py", names, namespace)[-1]


def cyclic(base_lr, **options):
    """The learning rate of torch's CyclicLR at step t (`last_epoch` = t, as after t calls of
    scheduler.step(): the constructor's own step makes last_epoch 0, the rate base_lr)."""
    scheduler = torch_cyclic_lr()(Optimizer(base_lr), base_lr, cycle_momentum=False, **options)

    def value(step):
        scheduler.last_epoch = step
        return scheduler.get_lr()[0]

    return value
