#include "model/empirical_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace encore::plugins::predictive {
namespace {

CustomerSummary Customer(int32_t x, double t_x, double T, double zbar, double first_value) {
  CustomerSummary c;
  c.in_calibration = true;
  c.x = x;
  c.t_x = t_x;
  c.T = T;
  c.zbar = zbar;
  c.first_value = first_value;
  return c;
}

TEST(EmpiricalRateModelTest, RatesAndProbabilities) {
  // sum x = 4, sum T = 100 + 60 + 40 = 200: population rate 0.02.
  const std::vector<CustomerSummary> customers = {Customer(3, 80, 100, 10, 5),
                                                  Customer(1, 20, 60, 30, 7),
                                                  Customer(0, 0, 40, 0, 9), CustomerSummary{}};
  const EmpiricalRateModel model = EmpiricalRateModel::FromCustomers(customers);
  EXPECT_DOUBLE_EQ(model.population_rate(), 0.02);
  EXPECT_DOUBLE_EQ(model.Rate(3, 100), 0.03);
  EXPECT_DOUBLE_EQ(model.Rate(0, 40), 0.02);
  EXPECT_DOUBLE_EQ(model.Rate(2, 0), 0.02);
  EXPECT_DOUBLE_EQ(model.ProbabilityAlive(3, 80, 100), std::exp(-0.03 * 20));
  EXPECT_DOUBLE_EQ(model.ProbabilityAlive(0, 0, 40), std::exp(-0.02 * 40));
  EXPECT_EQ(model.ProbabilityAlive(2, 50, 50), 1);
  EXPECT_DOUBLE_EQ(model.ExpectedTransactions(3, 80, 100, 10), std::exp(-0.6) * 0.3);
  EXPECT_DOUBLE_EQ(model.ExpectedRateIfAlive(1, 60), 1.0 / 60);
  EXPECT_EQ(model.ExpectedTransactionsIfAlive(1, 60, 0), 0);
}

TEST(EmpiricalRateModelTest, NoRepeatPurchasesAtAll) {
  const EmpiricalRateModel model =
      EmpiricalRateModel::FromCustomers({Customer(0, 0, 10, 0, 1), Customer(0, 0, 0, 0, 1)});
  EXPECT_EQ(model.population_rate(), 0);
  EXPECT_EQ(model.ProbabilityAlive(0, 0, 10), 1);
  EXPECT_EQ(model.ExpectedTransactions(0, 0, 10, 30), 0);
  EXPECT_EQ(EmpiricalRateModel::FromCustomers({}).population_rate(), 0);
  EXPECT_EQ(EmpiricalRateModel(NAN).population_rate(), 0);
}

TEST(EmpiricalSpendModelTest, OwnMeanOrPopulationMean) {
  // Purchase days: 5 + 3 x 10, 7 + 30 and 9: 81 over 4 + 2 + 1 = 7 days.
  const std::vector<CustomerSummary> customers = {
      Customer(3, 80, 100, 10, 5), Customer(1, 20, 60, 30, 7), Customer(0, 0, 40, 0, 9)};
  const EmpiricalSpendModel model = EmpiricalSpendModel::FromCustomers(customers);
  EXPECT_DOUBLE_EQ(model.population_mean(), 81.0 / 7);
  EXPECT_EQ(model.ExpectedSpend(3, 10), 10);
  EXPECT_DOUBLE_EQ(model.ExpectedSpend(0, 0), 81.0 / 7);
  EXPECT_DOUBLE_EQ(model.ExpectedSpend(2, -4), 81.0 / 7);
  EXPECT_EQ(EmpiricalSpendModel::FromCustomers({}).population_mean(), 0);
}

}  // namespace
}  // namespace encore::plugins::predictive
