// The playbook that ships: one entry per event type of the bundled methods, in English and
// Russian. Texts are written for an account manager who has not opened a dashboard: who, what
// changed (the evidence numbers), what to offer, by when.
#include "daemon/config/default_playbook.h"

namespace encore {

const char* DefaultPlaybookJson() {
  return R"json({
  "other": {
    "priority": 2, "due_days": 7, "channel": "",
    "action": {"en": "Review the customer and decide on a contact",
               "ru": "Посмотреть клиента и решить, как связаться"},
    "title": {"en": "{customer_id}: {type}", "ru": "{customer_id}: {type}"},
    "body": {"en": "{type} for customer {customer_id}. {evidence}. {action} by {due_date}.",
             "ru": "{type}: клиент {customer_id}. {evidence}. {action} до {due_date}."}
  },
  "events": {
    "segment_down": {
      "priority": 2, "due_days": 7, "channel": "", "action": {"en": "", "ru": ""},
      "title": {"en": "{customer_id} slipped from {from_segment} to {to_segment}",
                "ru": "{customer_id}: сегмент снизился — {from_segment} → {to_segment}"},
      "body": {"en": "Customer {customer_id} moved down from {from_segment} to {to_segment}. {evidence}. Recommended: {action} ({channel}) by {due_date}.",
               "ru": "Клиент {customer_id} перешёл из сегмента {from_segment} в {to_segment}. {evidence}. Рекомендуем: {action} ({channel}) до {due_date}."}
    },
    "segment_up": {
      "priority": 3, "due_days": 14, "channel": "", "action": {"en": "", "ru": ""},
      "title": {"en": "{customer_id} moved up from {from_segment} to {to_segment}",
                "ru": "{customer_id}: сегмент вырос — {from_segment} → {to_segment}"},
      "body": {"en": "Customer {customer_id} moved up from {from_segment} to {to_segment}. {evidence}. Keep the momentum: {action} ({channel}) by {due_date}.",
               "ru": "Клиент {customer_id} перешёл из сегмента {from_segment} в {to_segment}. {evidence}. Закрепить рост: {action} ({channel}) до {due_date}."}
    },
    "rhythm_slowdown": {
      "priority": 2, "due_days": 3, "channel": "call",
      "action": {"en": "Call to check in and offer their usual order",
                 "ru": "Позвонить, узнать, всё ли в порядке, и предложить обычный заказ"},
      "title": {"en": "{customer_id} is late for their next order",
                "ru": "{customer_id}: пауза в заказах дольше обычной"},
      "body": {"en": "Customer {customer_id} usually orders regularly, but the pause is now longer than usual. {evidence}. {action} by {due_date}.",
               "ru": "Клиент {customer_id} обычно заказывает регулярно, но сейчас пауза дольше обычной. {evidence}. {action} до {due_date}."}
    },
    "smaller_orders": {
      "priority": 2, "due_days": 5, "channel": "call",
      "action": {"en": "Ask what changed: a competitor, a problem, a smaller need",
                 "ru": "Выяснить, что изменилось: конкурент, проблема, меньшая потребность"},
      "title": {"en": "{customer_id} is ordering less than usual",
                "ru": "{customer_id}: заказы меньше обычного"},
      "body": {"en": "The latest orders of {customer_id} are well below their usual size. {evidence}. {action} by {due_date}.",
               "ru": "Последние заказы клиента {customer_id} заметно меньше обычных. {evidence}. {action} до {due_date}."}
    },
    "no_second_order": {
      "priority": 2, "due_days": 3, "channel": "email",
      "action": {"en": "Send a second-order offer",
                 "ru": "Отправить предложение на второй заказ"},
      "title": {"en": "{customer_id} has not come back after the first order",
                "ru": "{customer_id}: нет второго заказа"},
      "body": {"en": "Customer {customer_id} bought once and is past the day by which most customers order again. {evidence}. {action} by {due_date}.",
               "ru": "Клиент {customer_id} купил один раз и уже прошёл срок, к которому большинство покупает снова. {evidence}. {action} до {due_date}."}
    },
    "last_call": {
      "priority": 1, "due_days": 3, "channel": "call",
      "action": {"en": "Last chance to keep the customer: make a personal offer",
                 "ru": "Последний шанс удержать клиента: персональное предложение"},
      "title": {"en": "{customer_id} is about to be lost",
                "ru": "{customer_id}: клиент на грани ухода"},
      "body": {"en": "Customer {customer_id} is close to the silence after which customers rarely come back. {evidence}. {action} by {due_date}.",
               "ru": "Клиент {customer_id} приближается к сроку молчания, после которого клиенты редко возвращаются. {evidence}. {action} до {due_date}."}
    },
    "churned": {
      "priority": 3, "due_days": 14, "channel": "email",
      "action": {"en": "Add to the win-back campaign",
                 "ru": "Включить в кампанию по возврату"},
      "title": {"en": "{customer_id} has churned", "ru": "{customer_id}: клиент ушёл"},
      "body": {"en": "Customer {customer_id} has been silent past the churn threshold. {evidence}. {action} by {due_date}.",
               "ru": "Клиент {customer_id} молчит дольше порога ухода. {evidence}. {action} до {due_date}."}
    },
    "value_tier_down": {
      "priority": 1, "due_days": 5, "channel": "call",
      "action": {"en": "Find out why their spending fell",
                 "ru": "Выяснить, почему снизились покупки"},
      "title": {"en": "{customer_id} dropped from tier {from_tier} to {to_tier}",
                "ru": "{customer_id}: ценность снизилась — {from_tier} → {to_tier}"},
      "body": {"en": "Customer {customer_id} moved from value tier {from_tier} to {to_tier}. {evidence}. {action} by {due_date}.",
               "ru": "Клиент {customer_id} перешёл из группы ценности {from_tier} в {to_tier}. {evidence}. {action} до {due_date}."}
    },
    "value_tier_up": {
      "priority": 3, "due_days": 14, "channel": "call",
      "action": {"en": "Thank them and offer loyalty terms",
                 "ru": "Поблагодарить и предложить условия лояльности"},
      "title": {"en": "{customer_id} rose from tier {from_tier} to {to_tier}",
                "ru": "{customer_id}: ценность выросла — {from_tier} → {to_tier}"},
      "body": {"en": "Customer {customer_id} moved from value tier {from_tier} to {to_tier}. {evidence}. {action} by {due_date}.",
               "ru": "Клиент {customer_id} перешёл из группы ценности {from_tier} в {to_tier}. {evidence}. {action} до {due_date}."}
    },
    "p_alive_drop": {
      "priority": 1, "due_days": 3, "channel": "call",
      "action": {"en": "Valuable customer at risk: contact them personally",
                 "ru": "Ценный клиент может уйти: связаться лично"},
      "title": {"en": "{customer_id}: chance they are still active fell to {p_alive:pct}",
                "ru": "{customer_id}: вероятность активности упала до {p_alive:pct}"},
      "body": {"en": "The model's probability that {customer_id} is still an active customer fell below the alert level. {evidence}. {action} by {due_date}.",
               "ru": "Вероятность, что клиент {customer_id} ещё активен, упала ниже порога. {evidence}. {action} до {due_date}."}
    },
    "item_due": {
      "priority": 2, "due_days": 3, "channel": "email",
      "action": {"en": "Remind them about {subject} with a one-click reorder",
                 "ru": "Напомнить о товаре {subject} и предложить повторить заказ"},
      "title": {"en": "{customer_id}: time to reorder {subject}",
                "ru": "{customer_id}: пора повторить заказ {subject}"},
      "body": {"en": "{customer_id} usually reorders {subject} regularly and is due now. {evidence}. {action} by {due_date}.",
               "ru": "Клиент {customer_id} регулярно заказывает {subject}, и сейчас пора повторить. {evidence}. {action} до {due_date}."}
    }
  }
})json";
}

}  // namespace encore
