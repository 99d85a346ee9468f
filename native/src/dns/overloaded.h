#pragma once
// The usual helper for std::visit over record_data with one lambda per record type.
namespace mailint::dns {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace mailint::dns
