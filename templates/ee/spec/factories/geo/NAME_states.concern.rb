# frozen_string_literal: true

FactoryBot.define do
  factory :geo_{{ n.name }}_state, class: 'Geo::{{ n.class }}State' do
{%- include "snippets/model_association.rb" %}

    trait :checksummed do
      verification_checksum { 'abc' }
    end

    trait :checksum_failure do
      verification_failure { 'Could not calculate the checksum' }
    end
  end
end
