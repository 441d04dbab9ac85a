#include "test_util.h"
TEST(Reduce, Placeholder) {}
