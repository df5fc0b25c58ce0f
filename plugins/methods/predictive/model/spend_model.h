// What scoring needs from a model of spend per transaction.
#ifndef ENCORE_PLUGINS_PREDICTIVE_MODEL_SPEND_MODEL_H_
#define ENCORE_PLUGINS_PREDICTIVE_MODEL_SPEND_MODEL_H_

namespace encore::plugins::predictive {

class SpendModel {
 public:
  virtual ~SpendModel() = default;
  // Expected value of this customer's future transactions, from x repeat transactions of mean
  // value zbar (x = 0: no repeat transaction seen).
  virtual double ExpectedSpend(double x, double zbar) const = 0;
};

}  // namespace encore::plugins::predictive

#endif  // ENCORE_PLUGINS_PREDICTIVE_MODEL_SPEND_MODEL_H_
