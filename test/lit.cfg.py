# -*- Python -*-
# lit configuration of the qnn-mlir regression tests (check-qnn).

import os
import platform
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QNN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qnn_obj_root, "test")

# test/unit (gtest sources) and test/python (pytest files) hold no lit tests:
# scripts/check runs them with their own runners (also `ninja
# check-qnn-unit` and `ninja check-qnn-python`). Inputs/ holds files that
# tests read, not tests.
config.excludes = [
    "Inputs",
    "CMakeLists.txt",
    "README.md",
    "lit.cfg.py",
    "lit.site.cfg.py",
    "unit",
    "python",
]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
# FileCheck, not, count, split-file ... from Debian's llvm-22-tools.
llvm_config.use_default_substitutions()

config.qnn_tools_dir = os.path.join(config.qnn_obj_root, "bin")
config.qnn_libs_dir = os.path.join(config.qnn_obj_root, "lib")
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.qnn_tools_dir, append_path=True)
llvm_config.with_environment(
    "PYTHONPATH", os.path.join(config.qnn_obj_root, "python_packages"),
    append_path=True)
# Where test helpers (test/python/qnn_testing.py) find the built tools.
llvm_config.with_environment("QNN_BUILD_DIR", config.qnn_obj_root)

config.substitutions.append(("%qnn_src", config.qnn_src_root))
config.substitutions.append(("%qnn_obj", config.qnn_obj_root))
config.substitutions.append(("%qnn_libs", config.qnn_libs_dir))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(
    ("%mlir_tblgen", os.path.join(config.llvm_tools_dir, "mlir-tblgen")))
config.substitutions.append(("%mlir_include", config.mlir_include_dir))


def _truthy(value):
    return str(value).strip().lower() in ("1", "true", "on", "yes")


# `lit --param verify_roundtrip=1` (or QNN_VERIFY_ROUNDTRIP=1 in the
# environment) runs every quant-opt invocation with --verify-roundtrip, which
# prints, re-parses and compares the IR of each test: a custom printer/parser
# that do not match fail every test that uses the op.
verify_roundtrip = _truthy(
    lit_config.params.get("verify_roundtrip",
                          os.environ.get("QNN_VERIFY_ROUNDTRIP", "0")))
quant_opt_args = ["--verify-roundtrip"] if verify_roundtrip else []
if verify_roundtrip:
    config.available_features.add("verify-roundtrip")
    lit_config.note("quant-opt runs with --verify-roundtrip")

tool_dirs = [config.qnn_tools_dir, config.llvm_tools_dir]
tools = [
    ToolSubst("quant-opt", extra_args=quant_opt_args, unresolved="fatal"),
    ToolSubst("quant-translate", unresolved="fatal"),
    ToolSubst("quant-run", unresolved="fatal"),
    ToolSubst("quant-compile", unresolved="fatal"),
    ToolSubst("mlir-opt", unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Debian's AArch64 cross compiler (g++-aarch64-linux-gnu, in scripts/deps):
# test/Support checks that the MLIR-free support libraries build with it.
if shutil.which("aarch64-linux-gnu-g++"):
    config.available_features.add("aarch64-cross-compiler")

# oneDNN (libdnnl-dev) was found at configure time: benchmarks/kernels'
# driver, qnn-kernels-bench, is built (test/Benchmarks).
if _truthy(config.qnn_have_dnnl):
    config.available_features.add("dnnl")

# A C compiler for the programs test/Runtime builds against a model
# library's C ABI (clang-22, as the project itself).
for cc in ("clang-22", "clang", "cc"):
    if shutil.which(cc):
        config.substitutions.append(("%cc", shutil.which(cc)))
        config.available_features.add("c-compiler")
        break

# Debian's qemu-user (scripts/deps) on an x86-64 machine: test/Runtime/X86
# runs a model library on an emulated CPU without AVX-512.
if platform.machine() in ("x86_64", "AMD64") and shutil.which("qemu-x86_64"):
    config.available_features.add("qemu-x86_64")

# x86 CPU flags of this machine (/proc/cpuinfo), as features "cpu-<flag>":
# test/Runtime compiles a model for a feature the CPU lacks to see create
# refuse it.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("flags"):
                for flag in line.split(":", 1)[1].split():
                    config.available_features.add("cpu-" + flag)
                break
except OSError:
    pass
