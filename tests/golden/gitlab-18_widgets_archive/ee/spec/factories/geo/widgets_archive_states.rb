# frozen_string_literal: true

FactoryBot.define do
  factory :geo_widgets_archive_state, class: 'Geo::WidgetsArchiveState' do
    widgets_archive factory: :widget_archive

    trait :checksummed do
      verification_checksum { 'abc' }
    end

    trait :checksum_failure do
      verification_failure { 'Could not calculate the checksum' }
    end
  end
end
