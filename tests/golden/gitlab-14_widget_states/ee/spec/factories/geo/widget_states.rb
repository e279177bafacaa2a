# frozen_string_literal: true

FactoryBot.define do
  factory :geo_widget_state, class: 'Geo::WidgetState' do
    widget

    trait(:checksummed) do
      verification_checksum { 'abc' }
    end

    trait(:checksum_failure) do
      verification_failure { 'Could not calculate the checksum' }
    end
  end
end
