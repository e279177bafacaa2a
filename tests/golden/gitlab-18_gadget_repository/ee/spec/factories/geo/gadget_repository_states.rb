# frozen_string_literal: true

FactoryBot.define do
  factory :geo_gadget_repository_state, class: 'Geo::GadgetRepositoryState' do
    gadget_repository

    trait :checksummed do
      verification_checksum { 'abc' }
    end

    trait :checksum_failure do
      verification_failure { 'Could not calculate the checksum' }
    end
  end
end
