#pragma once
// Where a tensor's storage lives. CPU always; CUDA when built with it.
#include <cstdint>
#include <iosfwd>

namespace tyche {

struct Device {
  enum class Type : uint8_t { CPU, CUDA };
  Type type = Type::CPU;
  int16_t index = 0;

  static constexpr Device cpu() { return {Type::CPU, 0}; }
  static constexpr Device cuda(int i = 0) { return {Type::CUDA, static_cast<int16_t>(i)}; }
  constexpr bool is_cpu() const { return type == Type::CPU; }
  constexpr bool is_cuda() const { return type == Type::CUDA; }
  friend constexpr bool operator==(Device a, Device b) { return a.type == b.type && a.index == b.index; }
};
inline constexpr Device kCPU = Device::cpu();

std::ostream& operator<<(std::ostream& os, Device d);  // "cpu", "cuda:0"

// Storage layout. Only Strided has kernels today; Sparse is reserved for tensor/sparse.
enum class Layout : uint8_t { Strided, SparseCoo };

}  // namespace tyche
