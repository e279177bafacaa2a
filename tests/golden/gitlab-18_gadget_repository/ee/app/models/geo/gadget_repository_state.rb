# frozen_string_literal: true

module Geo
  class GadgetRepositoryState < ApplicationRecord
    include ::Geo::VerificationStateDefinition

    belongs_to :gadget_repository, inverse_of: :gadget_repository_state, class_name: 'GadgetRepository'

    validates :verification_state, :gadget_repository, presence: true
  end
end
