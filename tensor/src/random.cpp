// Placeholder definitions: replaced by the real implementation of this group.
#include "tyche/tensor.h"

#pragma GCC diagnostic ignored "-Wunused-parameter"

namespace tyche {

Tensor rand(IntList sizes, Generator& gen, TensorOptions opt) { throw Error("random: not implemented yet"); }
Tensor rand(IntList sizes, TensorOptions opt) { throw Error("random: not implemented yet"); }
Tensor randn(IntList sizes, Generator& gen, TensorOptions opt) { throw Error("random: not implemented yet"); }
Tensor randn(IntList sizes, TensorOptions opt) { throw Error("random: not implemented yet"); }
Tensor randint(int64_t low, int64_t high, IntList sizes, Generator& gen, TensorOptions opt) { throw Error("random: not implemented yet"); }
Tensor uniform(IntList sizes, double low, double high, Generator& gen, TensorOptions opt) { throw Error("random: not implemented yet"); }
Tensor normal(const Tensor& mean, const Tensor& std, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor normal(double mean, double std, IntList sizes, Generator& gen, TensorOptions opt) { throw Error("random: not implemented yet"); }
Tensor bernoulli(const Tensor& probs, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor exponential(const Tensor& rate, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor gamma(const Tensor& concentration, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor beta(const Tensor& a, const Tensor& b, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor poisson(const Tensor& rate, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor multinomial(const Tensor& probs, int64_t num_samples, bool replacement, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor categorical(const Tensor& probs, Generator& gen) { throw Error("random: not implemented yet"); }
Tensor randperm(int64_t n, Generator& gen) { throw Error("random: not implemented yet"); }
std::array<uint32_t, 4> Generator::philox(uint64_t block) const { throw Error("random: not implemented yet"); }
std::vector<Generator> Generator::split(int n) { throw Error("random: not implemented yet"); }
double Generator::next_uniform() { throw Error("random: not implemented yet"); }
uint64_t Generator::next_u64() { throw Error("random: not implemented yet"); }
Generator& default_generator() { throw Error("random: not implemented yet"); }
void manual_seed(uint64_t seed) { throw Error("random: not implemented yet"); }
std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> counter, std::array<uint32_t, 2> key) { throw Error("random: not implemented yet"); }

}  // namespace tyche
