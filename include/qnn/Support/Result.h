//===- Result.h - success or an error message -------------------*- C++ -*-===//
//
// The error type of the MLIR-free support libraries (qnn/Support,
// qnn/Calibration/TensorStatistics.h), which a model runtime links without
// LLVM: no llvm::Error, and no exceptions (the project builds with
// -fno-exceptions). A `Status` is success or one readable message; a
// `Result<T>` is a T or such a message. Both must be looked at.
//
//   Result<Buffer> data = readNpy("x.npy");
//   if (!data)
//     return fail(data.getError());
//   use(*data);
//
//===----------------------------------------------------------------------===//

#ifndef QNN_SUPPORT_RESULT_H
#define QNN_SUPPORT_RESULT_H

#include <optional>
#include <string>
#include <utility>

namespace mlir::qnn {

/// Success, or an error with a message.
class [[nodiscard]] Status {
public:
  static Status success() { return Status(); }
  static Status error(std::string message) {
    Status status;
    status.failed = true;
    status.message = std::move(message);
    return status;
  }

  bool ok() const { return !failed; }
  explicit operator bool() const { return ok(); }
  /// The message of an error (empty on success).
  const std::string &getError() const { return message; }

private:
  Status() = default;
  bool failed = false;
  std::string message;
};

/// A value of type T, or an error with a message.
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : value(std::move(value)) {}
  /// An error; `status` must not be success (a successful Status carries no
  /// value: the result is then an error saying so).
  Result(Status status)
      : message(status.ok() ? std::string("internal error: a Result made "
                                          "from a successful Status")
                            : status.getError()) {}

  bool ok() const { return value.has_value(); }
  explicit operator bool() const { return ok(); }
  const std::string &getError() const { return message; }
  /// The error as a Status (success when there is a value).
  Status getStatus() const {
    return ok() ? Status::success() : Status::error(message);
  }

  T &operator*() { return *value; }
  const T &operator*() const { return *value; }
  T *operator->() { return &*value; }
  const T *operator->() const { return &*value; }

private:
  std::optional<T> value;
  std::string message;
};

} // namespace mlir::qnn

#endif // QNN_SUPPORT_RESULT_H
