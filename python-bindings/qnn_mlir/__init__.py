"""Python interface of qnn-mlir, the INT8/INT4 quantization compiler on MLIR.

The native extension ``qnn_mlir._qnn`` links the same C++ libraries as
``quant-opt``; everything here is a thin layer over it.

>>> import qnn_mlir
>>> print(qnn_mlir.parse_and_verify("func.func @f() { return }"))
"""

from ._qnn import parse_and_verify, version

__all__ = ["parse_and_verify", "version"]
__version__ = version()
