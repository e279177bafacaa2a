# frozen_string_literal: true

FactoryBot.modify do
  factory :gadget_repository do
    trait :verification_succeeded do
      with_repository
      verification_checksum { 'abc' }
      verification_state { ::GadgetRepository.verification_state_value(:verification_succeeded) }
    end

    trait :verification_failed do
      with_repository
      verification_failure { 'Could not calculate the checksum' }
      verification_state { ::GadgetRepository.verification_state_value(:verification_failed) }
    end
  end
end
