# frozen_string_literal: true

class Geo::CiSecureFileRegistry < Geo::BaseRegistry
  include Geo::StateMachineRegistry

  belongs_to :ci_secure_file, class_name: 'Ci::SecureFile'
end
