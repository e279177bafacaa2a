# frozen_string_literal: true

FactoryBot.define do
  factory :{{ c.state_factory }}, class: 'Geo::{{ n.class }}State' do
    {{ n.name }}

    trait(:checksummed) do
      verification_checksum { 'abc' }
    end

    trait(:checksum_failure) do
      verification_failure { 'Could not calculate the checksum' }
    end
  end
end
