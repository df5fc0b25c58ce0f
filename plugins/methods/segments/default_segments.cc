#include "plugins/methods/segments/default_segments.h"

#include <string>

namespace encore::plugins::segments {
namespace {

// Patterns for k = 5 follow the usual R×F grid (R rows, F columns, 5 best); for k = 3 the same
// ideas on the 3 × 3 grid. Actions are what a CRM team does with each group.
const std::vector<SegmentSpec>& Recommendations() {
  static const std::vector<SegmentSpec> kAll = {
      {"champions", {}, "reward, ask for reviews, offer early access", "email"},
      {"loyal", {}, "upsell higher-value products, invite to the loyalty programme", "email"},
      {"potential_loyalist", {}, "offer a loyalty programme, recommend related products", "email"},
      {"new", {}, "welcome series, help with the first use, ask for the second order", "email"},
      {"promising", {}, "build awareness with a small gift or a free trial", "push"},
      {"need_attention", {}, "limited-time offer based on past purchases", "email"},
      {"about_to_sleep", {}, "share popular products and discounts before they lapse", "email"},
      {"at_risk", {}, "personal reminder of the company with a renewal offer", "email"},
      {"cant_lose", {}, "win back with a personal call and a special offer", "phone"},
      {"hibernating", {}, "offer other relevant products and special discounts", "email"},
      {"lost", {}, "last-call win-back campaign, then stop spending", "ads"},
  };
  return kAll;
}

SegmentSpec With(std::string_view name, std::vector<std::string> patterns) {
  SegmentSpec spec = *DefaultRecommendation(name);
  spec.patterns = std::move(patterns);
  return spec;
}

}  // namespace

const SegmentSpec* DefaultRecommendation(std::string_view name) {
  for (const auto& spec : Recommendations()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::vector<SegmentSpec> DefaultSegments(int k) {
  if (k == 3) {
    return {
        With("champions", {"33"}),
        With("potential_loyalist", {"32"}),
        With("new", {"31"}),
        With("loyal", {"23"}),
        With("need_attention", {"22"}),
        With("about_to_sleep", {"21"}),
        With("cant_lose", {"13"}),
        With("at_risk", {"12"}),
        With("lost", {"11"}),
    };
  }
  return {
      With("champions", {"5[4-5]"}),
      With("loyal", {"[3-4][4-5]"}),
      With("potential_loyalist", {"[4-5][2-3]"}),
      With("new", {"51"}),
      With("promising", {"41"}),
      With("need_attention", {"33"}),
      With("about_to_sleep", {"3[1-2]"}),
      With("at_risk", {"[1-2][3-4]"}),
      With("cant_lose", {"[1-2]5"}),
      With("hibernating", {"2[1-2]"}),
      With("lost", {"1[1-2]"}),
  };
}

}  // namespace encore::plugins::segments
