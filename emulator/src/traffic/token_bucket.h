#pragma once
// A token bucket in virtual time: `rate` tokens a second up to `burst`; each request takes one.
// It starts full, so a fresh scope admits `burst` requests at once and then `rate` a second.
namespace emulator::traffic {

class token_bucket {
public:
    token_bucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}

    // At virtual time `now_seconds` (never decreasing): takes a token and returns 0, or takes
    // nothing and returns the virtual seconds until a token will be there.
    double take(double now_seconds);

private:
    double rate_;
    double burst_;
    double tokens_;
    double last_ = 0;
    bool started_ = false;
};

} // namespace emulator::traffic
