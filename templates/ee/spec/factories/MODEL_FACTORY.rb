# frozen_string_literal: true

FactoryBot.modify do
  factory :{{ f.model_factory }} do
  end
end
